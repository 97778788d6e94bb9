package dev.specwright.github;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Puts the installation's token on every request to the API host (and only there, so a token never
 * travels to another host). A 401 drops the cached token so that the next call fetches a new one.
 */
final class InstallationAuth implements Interceptor {

  private final long installationId;
  private final InstallationTokens tokens;
  private final String apiHost;

  InstallationAuth(long installationId, InstallationTokens tokens, String apiHost) {
    this.installationId = installationId;
    this.tokens = tokens;
    this.apiHost = apiHost;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    var request = chain.request();
    if (!request.url().host().equalsIgnoreCase(apiHost)) {
      return chain.proceed(request);
    }
    var authed =
        request
            .newBuilder()
            .header("Authorization", "token " + tokens.token(installationId).reveal())
            .build();
    Response response = chain.proceed(authed);
    if (response.code() == 401) {
      tokens.invalidate(installationId);
    }
    return response;
  }
}
