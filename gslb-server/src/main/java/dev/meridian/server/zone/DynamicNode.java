package dev.meridian.server.zone;

import dev.meridian.server.request.QueryContext;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;

/**
 * A name of a zone whose RRsets are computed per query (a GSLB name). The zone knows it only through this interface,
 * so NXDOMAIN, NODATA, empty non-terminals and CNAME chains treat it like any other name, and the zone never depends
 * on how the answer is chosen.
 */
public interface DynamicNode {
    /** The owner name, inside its zone. */
    Name name();

    /**
     * The answer for one query, with the ECS scope it depended on; it must not block.
     */
    DynamicAnswer answer(int qtype, QueryContext context);

    /**
     * The RRsets this node answers with when one endpoint is chosen and the TTL is not shortened: the answers most
     * queries get, which DNSSEC signs before the node serves.
     */
    List<RRset> usualAnswers();
}
