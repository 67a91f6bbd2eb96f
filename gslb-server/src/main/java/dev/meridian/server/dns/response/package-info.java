/**
 * Writing replies: flags, echoed question, sections, OPT with NSID and extended rcode, and truncation to the
 * transport's limit with TC.
 */
package dev.meridian.server.dns.response;
