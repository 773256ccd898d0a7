package scope.webrtc.internal;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which local addresses an answer may disclose as ICE candidates (and media may use).
 *
 * <p>webrtc-java 0.14 cannot choose the interfaces libwebrtc gathers on (its factory takes no network options and
 * its port allocator configuration has only a port range and flags), and libwebrtc never uses loopback. So
 * libwebrtc still binds one UDP socket per non-loopback interface address per session; what this class decides is
 * which of them the answer names. The rule: media goes where HTTP listens.
 * <ul>
 * <li>{@code media_addresses} / {@code SCOPE_MEDIA_ADDRESS} set: those addresses.</li>
 * <li>HTTP on a wildcard address ({@code 0.0.0.0}, {@code ::}): every address (nothing is filtered).</li>
 * <li>HTTP on a specific address or name: the addresses it resolves to.</li>
 * <li>HTTP on loopback (the default): the client is a browser on this machine, which reaches any of this
 *     machine's own addresses; the answer names one of them (libwebrtc's preferred host candidate).</li>
 * </ul>
 * Answers also carry {@code 0.0.0.0:9} as the default connection address, so no filtered address is left in
 * {@code c=} or {@code a=rtcp} lines.
 */
final class MediaAddresses {
    enum Mode { ANY, LISTED, THIS_MACHINE }

    private final Mode mode;
    private final Set<InetAddress> listed;
    private final String origin;

    private MediaAddresses(Mode mode, Set<InetAddress> listed, String origin) {
        this.mode = mode;
        this.listed = Collections.unmodifiableSet(listed);
        this.origin = origin;
    }

    static MediaAddresses any() {
        return new MediaAddresses(Mode.ANY, Set.of(), "every address");
    }

    static MediaAddresses thisMachine() {
        return new MediaAddresses(Mode.THIS_MACHINE, Set.of(), "one of this machine's addresses");
    }

    /**
     * @param configured     {@code media_addresses} entries (IP literals or {@code *}), may be empty
     * @param environment    {@code SCOPE_MEDIA_ADDRESS} (comma-separated), may be null
     * @param httpHost       the address HTTP binds, may be null (wildcard)
     * @throws IllegalArgumentException naming the setting when an entry is not an address
     */
    static MediaAddresses resolve(List<String> configured, String environment, String httpHost) {
        List<String> explicit = new ArrayList<>();
        String source = "media_addresses";
        for (String c : configured) {
            if (c != null && !c.isBlank()) {
                explicit.add(c.trim());
            }
        }
        if (explicit.isEmpty() && environment != null && !environment.isBlank()) {
            source = "SCOPE_MEDIA_ADDRESS";
            for (String e : environment.split(",")) {
                if (!e.isBlank()) {
                    explicit.add(e.trim());
                }
            }
        }
        if (!explicit.isEmpty()) {
            if (explicit.contains("*")) {
                return any();
            }
            Set<InetAddress> addresses = new LinkedHashSet<>();
            for (String e : explicit) {
                addresses.add(literal(e, source));
            }
            return new MediaAddresses(Mode.LISTED, addresses, source + " " + explicit);
        }
        String host = httpHost == null ? "" : httpHost.trim();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            return any();
        }
        InetAddress[] resolved;
        try {
            resolved = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("HTTP host '" + host + "' does not resolve; set media_addresses", e);
        }
        Set<InetAddress> addresses = new LinkedHashSet<>();
        for (InetAddress a : resolved) {
            if (a.isAnyLocalAddress()) {
                return any();
            }
            if (a.isLoopbackAddress()) {
                return thisMachine();
            }
            addresses.add(a);
        }
        return new MediaAddresses(Mode.LISTED, addresses, "the HTTP address " + host);
    }

    private static InetAddress literal(String text, String source) {
        boolean looksLiteral = text.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 || ch == '.' || ch == ':');
        if (!looksLiteral) {
            throw new IllegalArgumentException(source + ": '" + text + "' is not an IP address");
        }
        try {
            InetAddress a = InetAddress.getByName(text);
            if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
                throw new IllegalArgumentException(source + ": " + text
                        + " cannot carry media (libwebrtc never uses loopback; use * for every address)");
            }
            return a;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(source + ": '" + text + "' is not an IP address", e);
        }
    }

    Mode mode() {
        return mode;
    }

    /**
     * Whether the server must not use the client's candidates. With listed addresses, libwebrtc would pair every
     * local socket it has (also those on other interfaces) with the client's candidates and might connect through
     * one the answer never named. Without remote candidates, pairs only form where the client's checks arrive: on
     * the named addresses (the client's addresses become peer-reflexive). On loopback HTTP the peer is on this
     * machine and any of its addresses is fine, so candidates are kept there.
     */
    boolean ignoresRemoteCandidates() {
        return mode == Mode.LISTED;
    }

    /** The offer without its {@code a=candidate} lines (see {@link #ignoresRemoteCandidates()}). */
    static String withoutCandidates(String sdp) {
        return sdp.replaceAll("(?m)^a=candidate:[^\\r\\n]*(\\r?\\n|$)", "");
    }

    /** For logs and the README: where media may go and why. */
    String describe() {
        return mode == Mode.LISTED ? listed.toString() + " (" + origin + ")" : origin;
    }

    /**
     * The answer with only the allowed candidates: host candidates by their address, server-reflexive ones by their
     * base ({@code raddr}), relayed ones kept (they go through the configured TURN server). Default connection
     * addresses become {@code 0.0.0.0} port 9.
     *
     * @throws IllegalStateException when no candidate is left (media could not flow); the message lists what
     *                               libwebrtc gathered
     */
    String filterAnswer(String sdp) {
        if (mode == Mode.ANY) {
            return sdp;
        }
        InetAddress preferred = mode == Mode.THIS_MACHINE ? preferredLocal(sdp) : null;
        StringBuilder out = new StringBuilder(sdp.length());
        Set<String> gathered = new LinkedHashSet<>();
        int kept = 0;
        for (String line : sdp.split("\r\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("a=candidate:")) {
                Candidate c = Candidate.parse(line.substring(2));
                if (c == null) {
                    continue;
                }
                gathered.add(c.address);
                if (!allowed(c, preferred)) {
                    continue;
                }
                kept++;
            } else if (line.startsWith("c=IN ")) {
                line = "c=IN IP4 0.0.0.0";
            } else if (line.startsWith("a=rtcp:")) {
                line = "a=rtcp:9 IN IP4 0.0.0.0";
            } else if (line.startsWith("m=")) {
                String[] t = line.split(" ", 3);
                if (t.length == 3 && !"0".equals(t[1])) {
                    line = t[0] + " 9 " + t[2];
                }
            }
            out.append(line).append("\r\n");
        }
        if (kept == 0) {
            throw new IllegalStateException("no ICE candidate on " + describe() + "; libwebrtc gathered "
                    + (gathered.isEmpty() ? "none" : gathered) + " (set media_addresses or SCOPE_MEDIA_ADDRESS)");
        }
        return out.toString();
    }

    private boolean allowed(Candidate c, InetAddress preferred) {
        if ("relay".equals(c.type)) {
            return true;
        }
        String base = "host".equals(c.type) ? c.address : c.relatedAddress;
        InetAddress a = parseLiteral(base);
        if (a == null) {
            return false;
        }
        return mode == Mode.LISTED ? listed.contains(a) : a.equals(preferred);
    }

    /**
     * Whether media may flow from this local candidate of a connected session (its {@code local-candidate}
     * statistics): host candidates by address, server-reflexive and peer-reflexive ones by their base, relayed ones
     * always. On loopback HTTP any of this machine's own addresses is fine: the peer is on this machine.
     */
    boolean allowsLocal(String type, String address, String relatedAddress) {
        if (mode == Mode.ANY || "relay".equals(type)) {
            return true;
        }
        InetAddress a = parseLiteral("host".equals(type) ? address : relatedAddress);
        if (a == null) {
            return false;
        }
        return mode == Mode.LISTED ? listed.contains(a) : ownAddresses().contains(a);
    }

    /** The address of the highest-priority host candidate that is one of this machine's own addresses. */
    private static InetAddress preferredLocal(String sdp) {
        Set<InetAddress> own = ownAddresses();
        InetAddress best = null;
        long bestPriority = -1;
        for (String line : sdp.split("\r\n")) {
            if (!line.startsWith("a=candidate:")) {
                continue;
            }
            Candidate c = Candidate.parse(line.substring(2));
            InetAddress a = c == null || !"host".equals(c.type) ? null : parseLiteral(c.address);
            if (a != null && own.contains(a) && c.priority > bestPriority) {
                best = a;
                bestPriority = c.priority;
            }
        }
        return best;
    }

    private static Set<InetAddress> ownAddresses() {
        Set<InetAddress> own = new LinkedHashSet<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (ni.isUp() && !ni.isLoopback()) {
                    own.addAll(Collections.list(ni.getInetAddresses()));
                }
            }
        } catch (SocketException e) {
            // no interface list: nothing counts as ours, so nothing is disclosed
        }
        return own;
    }

    private static InetAddress parseLiteral(String text) {
        if (text == null || text.isEmpty()
                || !text.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 || ch == '.' || ch == ':' || ch == '%')) {
            return null; // not a literal (e.g. an mDNS name): never resolved here
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The parts of {@code candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type>}. */
    private record Candidate(long priority, String address, String type, String relatedAddress) {
        static Candidate parse(String value) {
            String[] t = value.split(" ");
            if (t.length < 8 || !"typ".equals(t[6])) {
                return null;
            }
            long priority;
            try {
                priority = Long.parseLong(t[3]);
            } catch (NumberFormatException e) {
                return null;
            }
            String related = null;
            for (int i = 8; i + 1 < t.length; i++) {
                if ("raddr".equals(t[i])) {
                    related = t[i + 1];
                }
            }
            return new Candidate(priority, t[4].toLowerCase(Locale.ROOT), t[7], related);
        }
    }
}
