package scope.webrtc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Scope WebRTC", description = "ICE servers and timeouts of WebRTC sessions")
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
}
