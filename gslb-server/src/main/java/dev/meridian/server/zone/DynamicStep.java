package dev.meridian.server.zone;

/** How resolution gets the answer of a dynamic node met on the way (the query name or a CNAME target). */
@FunctionalInterface
public interface DynamicStep {
    DynamicAnswer answer(DynamicNode node, int qtype);
}
