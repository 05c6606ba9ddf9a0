package dev.haul.fetch.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A DNS stand-in: answers only the names it was given, remembers every question, and never touches the network. */
final class FakeResolver implements HostResolver {

    private final Map<String, List<InetAddress>> answers = new HashMap<>();
    private final List<String> questions = new ArrayList<>();

    /** The resolver most tests share: localhost, public names, and names that point inside the network. */
    static FakeResolver standard() {
        return new FakeResolver()
                .answer("localhost", "127.0.0.1", "::1")
                .answer("public.example", "93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c")
                .answer("internal.example", "10.0.0.5")
                .answer("metadata.example", "169.254.169.254")
                .answer("nat64-metadata.example", "64:ff9b::a9fe:a9fe")
                .answer("mixed.example", "93.184.215.14", "10.0.0.5")
                .answer("mixed-private-first.example", "192.168.0.10", "93.184.215.14");
    }

    FakeResolver answer(String host, String... addresses) {
        List<InetAddress> list = new ArrayList<>();
        for (String address : addresses) {
            list.add(address(address));
        }
        answers.put(host, list);
        return this;
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        questions.add(host);
        List<InetAddress> answer = answers.get(host);
        if (answer == null) {
            throw new UnknownHostException(host);
        }
        return answer;
    }

    List<String> questions() {
        return questions;
    }

    /** Builds an address from text without DNS: these tests must not depend on any resolver but this one. */
    static InetAddress address(String text) {
        InetAddress address = AddressParser.parseAddress(text);
        if (address == null) {
            throw new IllegalArgumentException(text);
        }
        return address;
    }
}
