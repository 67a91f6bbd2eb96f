package dev.meridian.server.policy;

/**
 * What a GSLB name answers when the health filter leaves no candidate. The default fails open, as Route 53 and
 * gdnsd do: a health system that wrongly sees everything down must not take the service off the air.
 */
public sealed interface AllDownMode {
    /** Go on with every candidate, as if all were healthy. */
    record ReturnAll() implements AllDownMode {
        @Override
        public String configName() {
            return "return-all";
        }
    }

    /** Go on with the first tier only (the first region in order). */
    record FirstTier() implements AllDownMode {
        @Override
        public String configName() {
            return "first-tier";
        }
    }

    /** Answer a static backup address or CNAME. */
    record Backup(Target target) implements AllDownMode {
        @Override
        public String configName() {
            return "backup " + target.endpoint().id();
        }
    }

    /** Answer NODATA. */
    record NoData() implements AllDownMode {
        @Override
        public String configName() {
            return "nodata";
        }
    }

    /** Answer SERVFAIL, so resolvers try elsewhere or serve stale. */
    record ServFail() implements AllDownMode {
        @Override
        public String configName() {
            return "servfail";
        }
    }

    AllDownMode RETURN_ALL = new ReturnAll();

    /** The mode as the policy file and explain write it. */
    String configName();
}
