package scope.test.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Requests written byte by byte over a socket, so a case can send what no well-behaved client library would:
 * malformed request lines, odd headers, bodies that disagree with their length. Returns the status, or -1 when the
 * server did not answer within the timeout (a hang), or 0 when it closed the connection without an answer.
 */
final class RawHttp {
    private RawHttp() {
    }

    static int send(int port, byte[] request, int timeoutMs) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(timeoutMs);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server may refuse and close before the body is sent; its answer is still readable
            }
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            if (head.length < 12) {
                return 0;
            }
            String line = new String(head, StandardCharsets.ISO_8859_1);
            if (!line.startsWith("HTTP/1.")) {
                return 0;
            }
            return Integer.parseInt(line.substring(9, 12));
        } catch (SocketTimeoutException e) {
            return -1;
        } catch (java.net.SocketException e) {
            return 0; // reset by the server: refused, not hung
        }
    }

    static byte[] request(String method, String path, String contentType, byte[] body) {
        StringBuilder h = new StringBuilder();
        h.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        if (contentType != null) {
            h.append("Content-Type: ").append(contentType).append("\r\n");
        }
        h.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] head = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }
}
