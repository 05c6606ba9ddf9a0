package dev.haul.fetch.policy;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Decides whether one address may be connected to: allowed by the operator, else not in a blocked range, and for IPv6
 * forms that carry an IPv4 address, the carried address passes too.
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

    Optional<Refusal> refusal(InetAddress address) {
        if (allowList.allowsAddress(address)) {
            return Optional.empty();
        }
        Optional<BlockedRanges.Range> blocked = BlockedRanges.find(address);
        if (blocked.isPresent()) {
            BlockedRanges.Range range = blocked.get();
            return Optional.of(new Refusal(range.rule(), AddressText.of(address), range.phrase()));
        }
        // The carried address goes through the whole check, allow-list included: allowing 10.1.0.0/16 also allows
        // 64:ff9b::a01:5, which reaches the same host.
        return Ipv4Embedding.of(address).flatMap(embedded -> refusal(embedded.ipv4()).map(inner -> new Refusal(
                inner.rule(),
                AddressText.of(address) + " (" + embedded.form() + ", carrying " + inner.address() + ")",
                inner.phrase())));
    }
}
