package scope.webrtc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Scope WebRTC",
        description = "ICE servers, timeouts, limits and media addresses of WebRTC sessions")
@interface WebRtcConfig {
    @AttributeDefinition(name = "ICE server urls",
            description = "STUN/TURN urls handed to clients and used by the server's own peer connections; "
                    + "empty: no ICE servers")
    String[] ice_server_urls() default {"stun:stun.l.google.com:19302"};

    @AttributeDefinition(name = "ICE username", description = "TURN username (empty: none)", required = false)
    String ice_username() default "";

    @AttributeDefinition(name = "ICE credential", description = "TURN credential (empty: none)", required = false,
            type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String ice_credential() default "";

    @AttributeDefinition(name = "ICE gathering timeout (ms)",
            description = "How long an offer waits for ICE gathering before answering with what it has", min = "50")
    int ice_gathering_timeout_ms() default 2000;

    @AttributeDefinition(name = "Linger after stream stop (ms)",
            description = "How long a session stays up after its stream stopped, so stream_stopped reaches the client",
            min = "0")
    int stopped_linger_ms() default 5000;

    @AttributeDefinition(name = "Connect timeout (ms)",
            description = "A session not connected this long after its answer (or disconnected this long) is closed",
            min = "100")
    int connect_timeout_ms() default 30000;

    @AttributeDefinition(name = "Max sessions", description = "Live sessions in all; more offers get 503", min = "1")
    int max_sessions() default 8;

    @AttributeDefinition(name = "Max sessions per client",
            description = "Live sessions per client address; more offers from it get 429", min = "1")
    int max_sessions_per_client() default 4;

    @AttributeDefinition(name = "Max SDP size", description = "Characters of an offer's SDP", min = "256")
    int max_sdp_bytes() default 65536;

    @AttributeDefinition(name = "Max media sections", description = "m= lines of an offer", min = "1")
    int max_media_sections() default 8;

    @AttributeDefinition(name = "Media addresses",
            description = "Local IP addresses the answer may name as ICE candidates (* for every address); empty: "
                    + "SCOPE_MEDIA_ADDRESS, else where HTTP binds (loopback HTTP: one of this machine's own addresses)",
            required = false)
    String[] media_addresses() default {};

    @AttributeDefinition(name = "Lowest media port", description = "Lowest local UDP port for media; 0: any",
            min = "0", max = "65535")
    int media_port_min() default 0;

    @AttributeDefinition(name = "Highest media port", description = "Highest local UDP port for media; 0: any",
            min = "0", max = "65535")
    int media_port_max() default 0;
}
