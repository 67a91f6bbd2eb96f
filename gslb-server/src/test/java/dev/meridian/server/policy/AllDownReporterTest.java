package dev.meridian.server.policy;

import static dev.meridian.server.policy.PolicyFixture.SEATTLE;
import static dev.meridian.server.policy.PolicyFixture.client;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/** All-down answers are counted on the query path and reported once per period, off it. */
class AllDownReporterTest {
    @TempDir
    Path dir;

    @Test
    void reportsANameOnlyWhenItsAllDownCountGrew() throws Exception {
        GslbName www = PolicyFixture.load(dir, "names: {www: {policy: geoproximity}}");
        AllDownReporter reporter = new AllDownReporter(() -> List.of(www));
        assertEquals(List.of(), reporter.report());
        www.answer(Type.A, client(SEATTLE, "eu-west/lb", "us-east/lb", "us-west/lb"));
        assertEquals(List.of(www), reporter.report());
        assertEquals(List.of(), reporter.report(), "nothing new since the last report");
        www.answer(Type.A, client(SEATTLE));
        assertEquals(List.of(), reporter.report(), "a healthy answer is not all-down");
    }
}
