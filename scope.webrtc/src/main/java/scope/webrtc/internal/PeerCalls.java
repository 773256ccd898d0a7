package scope.webrtc.internal;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * libwebrtc's callback-style offer/answer calls as blocking calls with a timeout. Must not be called on a libwebrtc
 * thread (the callbacks arrive there).
 */
final class PeerCalls {
    /** Generous: these complete in milliseconds; the bound only keeps a wedged stack from hanging an HTTP thread. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private PeerCalls() {
    }

    static void setRemoteDescription(RTCPeerConnection pc, RTCSessionDescription description) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            pc.setRemoteDescription(description, setObserver(done));
        } catch (Error e) {
            // webrtc-java reports an SDP it cannot parse by throwing java.lang.Error from the native call
            throw new DescriptionRejected(e.getMessage());
        }
        await(done, "setRemoteDescription");
    }

    static void setLocalDescription(RTCPeerConnection pc, RTCSessionDescription description) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            pc.setLocalDescription(description, setObserver(done));
        } catch (Error e) {
            throw new NegotiationException("setLocalDescription failed: " + e.getMessage(), e);
        }
        await(done, "setLocalDescription");
    }

    static RTCSessionDescription createAnswer(RTCPeerConnection pc) {
        CompletableFuture<RTCSessionDescription> done = new CompletableFuture<>();
        pc.createAnswer(new RTCAnswerOptions(), new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                done.complete(description);
            }

            @Override
            public void onFailure(String error) {
                done.completeExceptionally(new NegotiationException("createAnswer failed: " + error));
            }
        });
        return await(done, "createAnswer");
    }

    /**
     * Waits until ICE gathering is complete or the timeout passes; either way the local description then holds
     * the candidates gathered so far (the client can still trickle its own).
     *
     * @return true when gathering completed in time
     */
    static boolean awaitGathering(RTCPeerConnection pc, CompletableFuture<Void> gatheringComplete, Duration timeout)
            throws InterruptedException {
        if (pc.getIceGatheringState() == RTCIceGatheringState.COMPLETE) {
            return true;
        }
        try {
            gatheringComplete.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return pc.getIceGatheringState() == RTCIceGatheringState.COMPLETE;
        } catch (ExecutionException e) {
            return false;
        }
    }

    private static SetSessionDescriptionObserver setObserver(CompletableFuture<Void> done) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                done.complete(null);
            }

            @Override
            public void onFailure(String error) {
                done.completeExceptionally(new DescriptionRejected(error));
            }
        };
    }

    private static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NegotiationException(what + " interrupted", e);
        } catch (TimeoutException e) {
            throw new NegotiationException(what + " did not complete within " + CALL_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new NegotiationException(what + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** libwebrtc refused a session description; for a remote offer this is the client's fault. */
    static final class DescriptionRejected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DescriptionRejected(String message) {
            super(message);
        }
    }
}
