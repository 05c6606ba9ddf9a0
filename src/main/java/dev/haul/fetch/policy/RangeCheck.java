package dev.haul.fetch.policy;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Decides whether one address may be connected to. The most specific row of {@link SpecialPurposeRanges} holding it
 * decides: no row, and the address is fetched; a refusing row refuses it unless the row may be opened and the
 * operator's allow-list covers the address or names the host; a carrying row hands the decision to the IPv4 address
 * inside. {@link KnownEndpoints} are never opened.
 */
final class RangeCheck {

    /**
     * Why an address is refused. {@code address} is how to show it (with the carried IPv4 address when there is one),
     * {@code phrase} completes the sentence: "{address} is {phrase}".
     */
    record Refusal(Rule rule, String address, String phrase) {}

    private final AllowList allowList;

    RangeCheck(AllowList allowList) {
        this.allowList = allowList;
    }

    /**
     * @param nameAllowed the address is an answer for a host name the allow-list names; that opens what the
     *                    allow-list may open, for this host only
     */
    Optional<Refusal> refusal(InetAddress address, boolean nameAllowed) {
        boolean allowed = nameAllowed || allowList.allowsAddress(address);
        Optional<SpecialPurposeRanges.Row> row = SpecialPurposeRanges.find(address);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if (row.get().handling() == SpecialPurposeRanges.Handling.CARRIED) {
            return carried(address, allowed);
        }
        return refused(address, row.get(), allowed);
    }

    private Optional<Refusal> refused(InetAddress address, SpecialPurposeRanges.Row row, boolean allowed) {
        Optional<String> endpoint = KnownEndpoints.name(address);
        if (allowed && row.allowListMayOpen() && endpoint.isEmpty()) {
            return Optional.empty();
        }
        String phrase = endpoint.map(name -> withEndpoint(row.phrase(), name)).orElse(row.phrase());
        // An operator who allowed this address and still sees it refused needs to know that no entry will help.
        return Optional.of(new Refusal(row.rule(), AddressText.of(address),
                allowed ? phrase + ", which no allow-list entry opens" : phrase));
    }

    /**
     * The carried address goes through the whole check, allow-list included, and an entry covering either form counts:
     * allowing 10.1.0.0/16 allows 64:ff9b::a01:5, which reaches the same host, while allowing ::/0 still does not open
     * 64:ff9b::a9fe:a9fe, the metadata service.
     */
    private Optional<Refusal> carried(InetAddress address, boolean allowed) {
        Ipv4Embedding.Embedded embedded = Ipv4Embedding.of(address).orElseThrow(() -> new IllegalStateException(
                AddressText.of(address) + " is in a carrying range but carries no IPv4 address"));
        return refusal(embedded.ipv4(), allowed).map(inner -> new Refusal(inner.rule(),
                AddressText.of(address) + " (" + embedded.form() + ", carrying " + inner.address() + ")",
                inner.phrase()));
    }

    /** "a link-local address (the instance metadata service)", or "… (192.0.0.0/24, RFC 6890; a cloud …)". */
    private static String withEndpoint(String phrase, String endpoint) {
        return phrase.endsWith(")")
                ? phrase.substring(0, phrase.length() - 1) + "; " + endpoint + ")"
                : phrase + " (" + endpoint + ")";
    }
}
