// The bar for bench/webhook.sh: Probot verifies the signature, parses the payload and routes
// issues.labeled to this handler, which does nothing. Probot stores nothing: a crash loses
// whatever it was handed.
export default (app) => {
  app.on("issues.labeled", async () => {});
};
