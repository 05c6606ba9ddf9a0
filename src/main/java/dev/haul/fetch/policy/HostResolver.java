package dev.haul.fetch.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Looks up every address of a DNS name. The policy asks for all of them because a name with one public and one
 * private address must be refused: the client could connect to either. Tests inject a fake so that no test depends on
 * the network or on what public names resolve to today.
 *
 * <p>Implementations may block; call {@link UrlPolicy#check} off the event loop.
 */
@FunctionalInterface
public interface HostResolver {

    /** All addresses of {@code host}, in the order a client would try them; never empty. */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JVM's resolver (the operating system's, through the JVM's own cache). */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
