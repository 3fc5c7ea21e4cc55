package io.pinpipe.connect.jdbc;

import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsUtilities;
import software.amazon.awssdk.services.rds.model.GenerateAuthenticationTokenRequest;

/**
 * RDS IAM database authentication: a token signed with the worker's AWS credentials (on MSK
 * Connect, the connector's service execution role), fresh for every connection because tokens
 * expire after 15 minutes. The signing is local: no AWS API call, no password stored.
 */
final class RdsIamTokens implements Supplier<String> {

  private final String host;
  private final int port;
  private final String user;
  private final RdsUtilities utilities;

  RdsIamTokens(String host, int port, String user, String region) {
    this.host = host;
    this.port = port;
    this.user = user;
    RdsUtilities.Builder builder =
        RdsUtilities.builder().credentialsProvider(DefaultCredentialsProvider.create());
    if (region != null && !region.isBlank()) {
      builder.region(Region.of(region));
    }
    this.utilities = builder.build();
  }

  @Override
  public String get() {
    return utilities.generateAuthenticationToken(
        GenerateAuthenticationTokenRequest.builder()
            .hostname(host)
            .port(port)
            .username(user)
            .build());
  }
}
