package dev.specwright.workspace;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A git smart-HTTP remote on loopback (JDK HTTP server + JGit's upload-pack and receive-pack), with
 * GitHub's token scheme (Basic {@code x-access-token:<token>}) and an optional pre-receive hook, so
 * that authentication and server-side rejections are tested over the real wire protocol.
 */
final class GitHttpTestServer implements AutoCloseable {

  private final HttpServer server;
  private final Repository repository;
  private final String token;
  private final PreReceiveHook hook;
  final List<String> authorizationsSeen = new CopyOnWriteArrayList<>();

  /** How many fetches asked for the refs ({@code GET info/refs?service=git-upload-pack}). */
  final java.util.concurrent.atomic.AtomicInteger fetchAdvertisements =
      new java.util.concurrent.atomic.AtomicInteger();

  /** When set, the next upload-pack request waits here (after counting down {@link #held}). */
  volatile java.util.concurrent.CountDownLatch holdNextUpload;

  final java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);

  GitHttpTestServer(Repository repository, String token, PreReceiveHook hook) throws IOException {
    this.repository = repository;
    this.token = token;
    this.hook = hook;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/octo/repo.git/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/octo/repo.git";
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (auth != null) {
        authorizationsSeen.add(auth);
      }
      String expected =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(("x-access-token:" + token).getBytes(StandardCharsets.UTF_8));
      if (token != null && !expected.equals(auth)) {
        ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"GitHub\"");
        ex.sendResponseHeaders(401, -1);
        return;
      }
      String path = ex.getRequestURI().getPath();
      String query = String.valueOf(ex.getRequestURI().getQuery());
      if (path.endsWith("/info/refs")) {
        String service = query.replace("service=", "");
        if (service.equals("git-upload-pack")) {
          fetchAdvertisements.incrementAndGet();
        }
        ex.getResponseHeaders().add("Content-Type", "application/x-" + service + "-advertisement");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        PacketLineOut pck = new PacketLineOut(out);
        pck.writeString("# service=" + service + "\n");
        pck.end();
        RefAdvertiser.PacketLineOutRefAdvertiser adv =
            new RefAdvertiser.PacketLineOutRefAdvertiser(pck);
        if (service.equals("git-upload-pack")) {
          UploadPack up = new UploadPack(repository);
          up.setBiDirectionalPipe(false);
          up.sendAdvertisedRefs(adv);
        } else {
          ReceivePack rp = new ReceivePack(repository);
          rp.setBiDirectionalPipe(false);
          rp.sendAdvertisedRefs(adv);
        }
        out.flush();
        return;
      }
      InputStream in = ex.getRequestBody();
      if ("gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
        in = new GZIPInputStream(in);
      }
      if (path.endsWith("/git-upload-pack")) {
        java.util.concurrent.CountDownLatch gate = holdNextUpload;
        if (gate != null) {
          holdNextUpload = null;
          held.countDown();
          try {
            gate.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        ex.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-result");
        ex.sendResponseHeaders(200, 0);
        UploadPack up = new UploadPack(repository);
        up.setBiDirectionalPipe(false);
        up.upload(in, ex.getResponseBody(), null);
      } else if (path.endsWith("/git-receive-pack")) {
        ex.getResponseHeaders().add("Content-Type", "application/x-git-receive-pack-result");
        ex.sendResponseHeaders(200, 0);
        ReceivePack rp = new ReceivePack(repository);
        rp.setBiDirectionalPipe(false);
        if (hook != null) {
          rp.setPreReceiveHook(hook);
        }
        rp.receive(in, ex.getResponseBody(), null);
      } else {
        ex.sendResponseHeaders(404, -1);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
