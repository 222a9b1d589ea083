package io.kafkamesos.scheduler.security;

import java.util.List;

/**
 * The subject alternative names of a node certificate: the DNS names and IP addresses a client
 * may reach the node at, which TLS hostname verification checks.
 *
 * @param dnsNames host names ({@code agent-1.example})
 * @param ipAddresses IP address literals ({@code 10.0.0.5})
 */
public record SubjectNames(List<String> dnsNames, List<String> ipAddresses) {

  public SubjectNames {
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
  }

  public static SubjectNames none() {
    return new SubjectNames(List.of(), List.of());
  }

  public boolean isEmpty() {
    return dnsNames.isEmpty() && ipAddresses.isEmpty();
  }
}
