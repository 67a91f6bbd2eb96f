package dev.meridian.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code gslb-server what-if} answers from the repository's own configuration files, with no server running. */
class WhatIfCommandTest {
    record Run(int status, String out, String err) {
    }

    private static Run whatIf(String... args) {
        List<String> all = new ArrayList<>(List.of("what-if", "--zones", "../zones", "--geoip",
                "../geo-data/demo-city.mmdb"));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    @Test
    void withNothingAssumedThePrimaryAnswers() {
        Run run = whatIf("--json", "status.gslb.example", "--client", "192.0.2.1");
        assertEquals(0, run.status(), run.err());
        assertEquals(List.of("status.gslb.example.\t30\tIN\tA\t198.51.100.20"),
                new JsonObject(run.out()).getJsonObject("answer").getJsonArray("records").getList());
    }

    @Test
    void aRegionAssumedDownMovesTheAnswerToTheNextTier() {
        Run run = whatIf("status.gslb.example", "A", "--client", "192.0.2.1", "--down", "us-east");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("192.0.2.20"), run.out());
        assertTrue(run.out().contains("us-east/lb       forced-down"), run.out());
    }

    @Test
    void everyTierAssumedDownAnswersTheAllDownBackup() {
        Run run = whatIf("status.gslb.example", "--client", "192.0.2.1", "--drain", "us-east,eu-west");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("every candidate down: answered by backup"), run.out());
        assertTrue(run.out().contains("192.0.2.250"), run.out());
    }

    @Test
    void anotherPolicyFileAnswersAsThatFileWould() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("candidate", ".policy.yaml");
        try {
            java.nio.file.Files.writeString(file, java.nio.file.Files.readString(
                    java.nio.file.Path.of("../zones/gslb.example.policy.yaml"))
                    .replace("priority: [us-east, eu-west]", "priority: [eu-west, us-east]"));

            Run run = whatIf("--json", "status.gslb.example", "--client", "192.0.2.1", "--policy", file.toString());

            assertEquals(0, run.status(), run.err());
            assertEquals(List.of("status.gslb.example.\t30\tIN\tA\t192.0.2.20"),
                    new JsonObject(run.out()).getJsonObject("answer").getJsonArray("records").getList());
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void aBrokenPolicyFileIsRefusedNamingItsLine() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("candidate", ".policy.yaml");
        try {
            java.nio.file.Files.writeString(file, "regions:\n  eu: {latitude: 91}\n");

            Run run = whatIf("status.gslb.example", "--client", "192.0.2.1", "--policy", file.toString());

            assertEquals(2, run.status(), run.out());
            assertTrue(run.err().startsWith("error: " + file + ":2: "), run.err());
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void anUnknownTargetIsRefused() {
        Run run = whatIf("www.gslb.example", "--client", "192.0.2.1", "--down", "mars");
        assertEquals(1, run.status());
        assertEquals("error: 'mars' is not a region or endpoint of this configuration", run.err().strip());
    }
}
