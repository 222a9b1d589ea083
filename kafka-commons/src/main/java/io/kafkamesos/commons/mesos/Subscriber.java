package io.kafkamesos.commons.mesos;

import com.google.protobuf.Message;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One subscription attempt: asks the locator for the masters and SUBSCRIBEs to each in turn until
 * one answers 200 (after following redirects), or says why none did, keeping the most telling
 * failure (an authentication failure over an unreachable backup).
 *
 * @param <C> the call message
 */
final class Subscriber<C extends Message> {

  private final MasterLocator locator;
  private final String apiPath;
  private final ContentType contentType;
  private final Supplier<C> subscribeCall;
  private final MasterRequests requests;
  private volatile URI lastTried;

  Subscriber(MasterLocator locator, String apiPath, ContentType contentType, Supplier<C> subscribeCall,
      MasterRequests requests) {
    this.locator = Objects.requireNonNull(locator);
    this.apiPath = Objects.requireNonNull(apiPath);
    this.contentType = Objects.requireNonNull(contentType);
    this.subscribeCall = Objects.requireNonNull(subscribeCall, "subscribeCall");
    this.requests = Objects.requireNonNull(requests);
  }

  /** The endpoint the last attempt reached or tried last, if any. */
  URI lastTried() {
    return lastTried;
  }

  /**
   * Subscribes once.
   *
   * @return the 200 answer whose body is the event stream
   * @throws ConnectionFailure why no master took the subscription
   */
  MasterRequests.Answer<InputStream> subscribe() throws ConnectionFailure, InterruptedException {
    List<URI> masters;
    try {
      masters = locator.masters();
    } catch (IOException | RuntimeException e) {
      throw new ConnectionFailure(ConnectionFailure.Kind.NO_MASTER, "cannot find the Mesos master"
          + " in " + locator.describe() + ": " + ConnectionFailure.describe(e), e);
    }
    if (masters.isEmpty()) {
      throw new ConnectionFailure(ConnectionFailure.Kind.NO_MASTER,
          "no Mesos master in " + locator.describe());
    }
    // asked for anew on each attempt: a scheduler re-subscribes with the id it was given
    byte[] body = contentType.encode(subscribeCall.get());
    ConnectionFailure failure = null;
    for (URI master : masters) {
      URI target = URI.create(stripSlash(master.toString()) + apiPath);
      try {
        MasterRequests.Answer<InputStream> answer =
            requests.post(target, body, null, HttpResponse.BodyHandlers.ofInputStream());
        lastTried = answer.endpoint();
        int code = answer.response().statusCode();
        if (code == 200) {
          return answer;
        }
        String text;
        try (InputStream in = answer.response().body()) {
          text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        }
        failure = ConnectionFailure.moreTelling(failure, ConnectionFailure.ofStatus(
            answer.endpoint(), code, text, requests.credential()));
        if (failure.kind() == ConnectionFailure.Kind.AUTHENTICATION) {
          break; // the masters share their credentials: asking the others only repeats the refusal
        }
      } catch (MasterRequests.RedirectException e) {
        failure = ConnectionFailure.moreTelling(failure,
            new ConnectionFailure(ConnectionFailure.Kind.REDIRECTS, e.getMessage(), e));
      } catch (MasterRequests.Unreachable e) {
        lastTried = e.target();
        failure = ConnectionFailure.moreTelling(failure,
            ConnectionFailure.ofIo(e.target(), (IOException) e.getCause()));
      } catch (IOException e) {
        lastTried = target;
        failure = ConnectionFailure.moreTelling(failure, ConnectionFailure.ofIo(target, e));
      }
    }
    throw failure;
  }

  static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
