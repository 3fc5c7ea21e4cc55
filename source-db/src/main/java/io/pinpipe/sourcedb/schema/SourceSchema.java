package io.pinpipe.sourcedb.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The DDL of the three source tables (contract section 1), shipped as {@code pinterest-schema.sql}
 * so that users can also apply it by hand to RDS with the mysql client.
 */
public final class SourceSchema {

  public static final String RESOURCE = "pinterest-schema.sql";

  private SourceSchema() {}

  /** The DDL script as shipped. */
  public static String ddl() {
    try (InputStream in = SourceSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("schema resource missing from the classpath: " + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The script's statements, comments removed. */
  public static List<String> statements() {
    StringBuilder withoutComments = new StringBuilder();
    for (String line : ddl().split("\n")) {
      if (!line.stripLeading().startsWith("--")) {
        withoutComments.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String statement : withoutComments.toString().split(";")) {
      if (!statement.isBlank()) {
        statements.add(statement.strip());
      }
    }
    return statements;
  }

  /** Creates the tables where they do not exist yet; existing tables and rows are kept. */
  public static void apply(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String ddl : statements()) {
        statement.execute(ddl);
      }
    }
  }
}
