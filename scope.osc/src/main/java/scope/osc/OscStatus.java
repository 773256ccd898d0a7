package scope.osc;

/**
 * Where the OSC server listens and what it has counted since it started.
 *
 * @param enabled            whether OSC is switched on (on by default when HTTP listens on loopback only)
 * @param listening          whether the UDP socket is bound
 * @param host               the address it binds (the HTTP server's), null when off
 * @param port               the UDP port it is bound to (or will bind), null when off
 * @param logAllMessages     whether applied messages are logged too
 * @param note               why it is off or not listening, else null
 * @param packetsReceived    datagrams received
 * @param malformedPackets   datagrams that are not OSC packets (ignored)
 * @param messagesApplied    messages that changed a session's parameters (or were handed to the UI)
 * @param messagesRefused    messages whose value the session refused, or whose type is not supported
 * @param unknownAddresses   messages to an address outside {@code /scope/...}, or an unknown session
 * @param withoutSession     messages that arrived while no session was running
 */
public record OscStatus(boolean enabled, boolean listening, String host, Integer port, boolean logAllMessages,
        String note, long packetsReceived, long malformedPackets, long messagesApplied, long messagesRefused,
        long unknownAddresses, long withoutSession) {
}
