/**
 * WebRTC signalling as a service: the HTTP layer hands offers, trickled candidates and session closes to
 * {@link scope.webrtc.WebRtcSignaling}; media and the {@code parameters} data channel run inside the sessions it
 * creates.
 */
@Export
@Version("1.2.0")
package scope.webrtc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
