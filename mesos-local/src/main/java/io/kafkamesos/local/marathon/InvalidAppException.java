package io.kafkamesos.local.marathon;

import java.util.List;
import java.util.stream.Collectors;

/** An app definition Marathon would refuse with 422; each problem names its JSON path. */
public final class InvalidAppException extends RuntimeException {

  /** One refused field: a JSON pointer such as {@code /instances} and what is wrong with it. */
  public record Problem(String path, String error) {
  }

  private final transient List<Problem> problems;

  public InvalidAppException(List<Problem> problems) {
    super("Object is not valid (" + problems.stream().map(p -> p.path() + ": " + p.error())
        .collect(Collectors.joining("; ")) + ")");
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
