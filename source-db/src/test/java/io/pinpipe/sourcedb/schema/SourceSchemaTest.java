package io.pinpipe.sourcedb.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceSchemaTest {

  @Test
  void splitsTheScriptIntoThreeCreateStatementsWithQuotedIdentifiers() {
    assertThat(SourceSchema.statements())
        .hasSize(3)
        .allSatisfy(statement -> assertThat(statement).startsWith("CREATE TABLE IF NOT EXISTS `"));
    assertThat(SourceSchema.statements().get(0)).contains("`index`").doesNotContain(" index ");
  }
}
