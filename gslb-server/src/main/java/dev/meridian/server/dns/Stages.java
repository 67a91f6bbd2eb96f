package dev.meridian.server.dns;

import java.util.Objects;

/**
 * The pluggable stages of the {@link QueryPipeline}, in the order a query meets them. Each defaults to a no-op that
 * costs one interface call.
 *
 * @param cookies checks DNS cookies before anything is resolved (RFC 7873, RFC 9018)
 * @param rateLimit response rate limiting, after resolution, so it can count by answer (BIND/Knot RRL)
 * @param sign DNSSEC signing of the final answer
 * @param observer metrics, query log and explain, after the reply is written
 * @param clients sees each resolved query's client (latency measurement targets); explained queries are not shown
 */
public record Stages(AdmissionStage cookies, AnswerStage rateLimit, AnswerStage sign, QueryObserver observer,
        ClientTap clients) {
    public static final Stages NONE = new Stages(AdmissionStage.NONE, AnswerStage.NONE, AnswerStage.NONE,
            QueryObserver.NONE, ClientTap.NONE);

    public Stages {
        Objects.requireNonNull(cookies, "cookies");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(sign, "sign");
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(clients, "clients");
    }

    public Stages withCookies(AdmissionStage value) {
        return new Stages(value, rateLimit, sign, observer, clients);
    }

    public Stages withRateLimit(AnswerStage value) {
        return new Stages(cookies, value, sign, observer, clients);
    }

    public Stages withSign(AnswerStage value) {
        return new Stages(cookies, rateLimit, value, observer, clients);
    }

    public Stages withObserver(QueryObserver value) {
        return new Stages(cookies, rateLimit, sign, value, clients);
    }

    public Stages withClients(ClientTap value) {
        return new Stages(cookies, rateLimit, sign, observer, value);
    }

    /** These stages with {@code value} told of every query after the observer already there. */
    public Stages alsoObserving(QueryObserver value) {
        return new Stages(cookies, rateLimit, sign, observer.andThen(value), clients);
    }
}
