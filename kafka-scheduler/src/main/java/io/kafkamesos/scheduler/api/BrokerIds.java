package io.kafkamesos.scheduler.api;

/** Path parameters that name a broker. */
final class BrokerIds {

  private BrokerIds() {
  }

  /**
   * @throws InvalidBrokerIdException when the text is not a non-negative integer
   */
  static int parse(String text) {
    if (text == null || !text.matches("\\d{1,9}")) {
      throw new InvalidBrokerIdException(text);
    }
    return Integer.parseInt(text);
  }
}
