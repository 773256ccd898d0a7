package scope.http;

import static scope.http.Shape.anyObject;
import static scope.http.Shape.array;
import static scope.http.Shape.binary;
import static scope.http.Shape.bool;
import static scope.http.Shape.integer;
import static scope.http.Shape.mapOf;
import static scope.http.Shape.number;
import static scope.http.Shape.object;
import static scope.http.Shape.oneOfStrings;
import static scope.http.Shape.string;

/**
 * The descriptions of the API's routes, each named where its route is registered. Shapes list the keys the
 * handlers read and write; where a body is a free dict or its keys depend on a plugin, it says so instead of
 * guessing.
 */
final class RouteDocs {
    private RouteDocs() {
    }

    private static final Shape MESSAGE = object().field("message", string());
    private static final Shape SUCCESS = object().field("success", bool()).field("message", string());
    private static final Shape UNAVAILABLE_STATUS = anyObject()
            .describe("The feature's status as Scope gives it when the feature is off (this server does not have it)");

    // --- pipelines, hardware, models (ApiServlet)

    static final RouteDoc HEALTH = RouteDoc.summary("Server health")
            .description("503 with 'waiting_for' until every platform bundle and endpoint is up.")
            .ok(object().field("status", oneOfStrings("healthy", "starting")).field("timestamp", string())
                    .field("server_start_time", number()).field("version", string()).field("git_commit", string())
                    .optional("waiting_for", string()))
            .errors(503, "Still starting: 'waiting_for' names what");

    static final RouteDoc HARDWARE = RouteDoc.summary("GPU and platform integrations")
            .ok(object().field("vram_gb", number().orNull())
                    .field("gpu", object().field("source", string()).field("devices", array(object()
                            .field("index", integer()).field("name", string()).field("total_gb", number())
                            .field("free_gb", number()))))
                    .field("spout", object().field("available", bool()).field("reason", string()))
                    .field("ndi", object().field("available", bool()).field("reason", string()))
                    .field("syphon", object().field("available", bool()).field("reason", string())));

    static final RouteDoc SCHEMAS = RouteDoc.summary("Pipelines available here with their config schemas")
            .ok(object().field("pipelines", mapOf(anyObject().describe("id, name, description, version, "
                            + "config_schema (JSON Schema of the load parameters), modes, ...")))
                    .field("filtered", mapOf(string()).describe("pipeline id -> why it is not available here")));

    static final RouteDoc NODE_DEFINITIONS = RouteDoc.summary("Graph node definitions of the available pipelines")
            .ok(object().field("nodes", array(anyObject())));

    private static final Shape LOAD_ENTRY = object().field("pipeline_id", string())
            .optional("node_id", string().describe("defaults to pipeline_id"))
            .optional("load_params", Shape.ref(OpenApiDocument.LOAD_PARAMS));

    static final RouteDoc LOAD = RouteDoc.summary("Load pipelines")
            .description("Either 'pipelines' (one entry per graph node) or 'pipeline_ids' with shared 'load_params'. "
                    + "An instance with equal effective parameters is reused.")
            .body(object().optional("pipelines", array(LOAD_ENTRY))
                    .optional("pipeline_ids", array(string()))
                    .optional("load_params", Shape.ref(OpenApiDocument.LOAD_PARAMS)))
            .ok(MESSAGE.field("warnings", array(string()).describe("load_params keys that were ignored")))
            .errors(404, "Unknown pipeline").errors(409, "Pipeline not available on this hardware")
            .errors(422, "A known load parameter is invalid");

    static final RouteDoc PIPELINE_STATUS = RouteDoc.summary("Loading state of the pipelines")
            .ok(object().field("status", string()).field("pipeline_id", string().orNull())
                    .field("load_params", anyObject().orNull()).field("error", string().orNull())
                    .field("loading_stage", string().orNull()).field("produces_video", bool())
                    .field("produces_audio", bool())
                    .field("instances", array(object().field("node_id", string()).field("pipeline_id", string())
                            .field("status", string()).field("load_params", anyObject())
                            .field("instance_id", string()).field("loaded_at", string().orNull())
                            .field("error", string().orNull()).field("loading_stage", string().orNull()))));

    static final RouteDoc MODELS_STATUS = RouteDoc.summary("Whether a pipeline's model files are here")
            .query("pipeline_id", true, string(), null)
            .ok(object().field("downloaded", bool()).field("progress", anyObject().orNull()
                    .describe("the running download's progress, null when none runs")))
            .errors(404, "Unknown pipeline");

    static final RouteDoc MODELS_DOWNLOAD = RouteDoc.summary("Download a pipeline's model files")
            .body(object().field("pipeline_id", string()))
            .ok(MESSAGE).errors(404, "Unknown pipeline").errors(409, "Already downloading");

    // --- WebRTC

    static final RouteDoc ICE_SERVERS = RouteDoc.summary("ICE servers for the browser's peer connection")
            .ok(object().field("iceServers", array(object().field("urls", anyObject().describe("string or list"))
                    .optional("username", string()).optional("credential", string()))));

    static final RouteDoc OFFER = RouteDoc.summary("Start a stream: SDP offer in, SDP answer out")
            .body(object().field("sdp", string()).field("type", oneOfStrings("offer"))
                    .optional("initialParameters", anyObject().describe("runtime parameters: prompts, "
                            + "pipeline_ids, input_mode, ..."))
                    .optional("graph", anyObject().describe("Scope's node graph"))
                    .optional("source_track_order", array(string())))
            .ok(object().field("sdp", string()).field("type", oneOfStrings("answer")).field("sessionId", string()))
            .errors(422, "Invalid parameters").errors(429, "Too many sessions of this client")
            .errors(503, "Session limit reached");

    static final RouteDoc CANDIDATES = RouteDoc.summary("Add trickled ICE candidates to a session")
            .body(object().field("candidates", array(object().field("candidate", string())
                    .optional("sdpMid", string()).optional("sdpMLineIndex", integer()))))
            .answer(204, "Added", null, null).errors(404, "No such session");

    static final RouteDoc CLOSE_SESSION = RouteDoc.summary("End a session")
            .answer(204, "Closed (or already gone)", null, null);

    // --- WHIP ingest and WHEP egress (SDP bodies; see WhipServlet, WhepServlet)

    private static final Shape SDP_OFFER = string().describe("the SDP offer");
    private static final Shape SDP_ANSWER = string().describe("the SDP answer, ICE candidates included");

    static final RouteDoc WHIP_INGEST = RouteDoc.summary("WHIP: feed a pipeline chain from OBS, GStreamer, ...")
            .description("RFC 9725. The body is an SDP offer that sends video. The answer names the new session in "
                    + "Location (DELETE it to stop) and its id in ETag; the output plays over WHEP at "
                    + "/api/v1/whep/{session_id}. Off loopback the API token is the bearer token. Trickle ICE "
                    + "(PATCH) is not supported: 405.")
            .query("pipeline_ids", false, string(), "comma-separated chain, e.g. gray or a,b; absent: the "
                    + "loaded pipelines")
            .query("prompt", false, string(), "the initial prompt")
            .body(SdpExchange.SDP, SDP_OFFER)
            .answer(201, "Session created; Location and ETag name it", SdpExchange.SDP, SDP_ANSWER)
            .errors(400, "Not an SDP offer, an offer that sends no video, or an unknown query parameter")
            .errors(409, "No stream can be opened now, e.g. the pipelines are not loaded")
            .errors(415, "The body is not application/sdp").errors(422, "Invalid parameters")
            .errors(429, "Too many sessions of this client").errors(503, "Session limit reached");

    static final RouteDoc WHIP_END = RouteDoc.summary("WHIP: end a session")
            .answer(200, "Ended", null, null).errors(404, "No such session");

    static final RouteDoc WHEP_VIEW = RouteDoc.summary("WHEP: play a live session's output")
            .description("The body is an SDP offer with a video section that receives. The viewer gets its own "
                    + "peer connection; the session's own client keeps its frames. Location names the viewer "
                    + "(DELETE it to stop). No trickle ICE (PATCH: 405).")
            .body(SdpExchange.SDP, SDP_OFFER)
            .answer(201, "Viewer created; Location and ETag name it", SdpExchange.SDP, SDP_ANSWER)
            .errors(400, "Not an SDP offer, or no video section that receives").errors(404, "No such session")
            .errors(415, "The body is not application/sdp").errors(429, "Too many sessions of this client")
            .errors(503, "Session limit reached");

    static final RouteDoc WHEP_END = RouteDoc.summary("WHEP: end a viewer")
            .answer(200, "Ended", null, null).errors(404, "No such viewer of that session");

    static final RouteDoc SESSION_PARAMETERS = RouteDoc.summary("Change a live session's runtime parameters")
            .description("The body is a data-channel parameters message (prompts, node_id, a pipeline's runtime "
                    + "fields, paused, ...), validated the same way; the session's client gets parameters_updated.")
            .body(anyObject().describe("a parameters message as on the data channel"))
            .ok(object().field("status", oneOfStrings("ok")).field("applied_parameters", anyObject()))
            .errors(404, "No such live session").errors(422, "Invalid parameters: nothing changed");

    // --- workflows

    static final RouteDoc WORKFLOW_RESOLVE = RouteDoc.summary("Check what a workflow needs before importing it")
            .body(anyObject().describe("A Scope workflow, in either of Scope's formats"))
            .ok(object().field("can_apply", bool())
                    .field("items", array(object().field("kind", string()).field("name", string())
                            .field("status", string()).field("detail", string().orNull())
                            .field("action", string().orNull()).field("can_auto_resolve", bool())))
                    .field("warnings", array(string())).field("format", string()))
            .errors(422, "Not a workflow: the detail names the field");

    // --- plugins

    private static final Shape PLUGIN = object().field("name", string()).field("version", string())
            .field("description", string().orNull()).field("source", oneOfStrings("builtin", "local"))
            .field("install_source", oneOfStrings("platform", "folder", "upload", "console"))
            .field("pipelines", array(object().field("pipeline_id", string()).field("pipeline_name", string())))
            .field("state", string()).field("bundle_id", integer()).field("removable", bool());

    static final RouteDoc PLUGINS = RouteDoc.summary("Installed plugins and the drop-folder files that failed")
            .ok(object().field("plugins", array(PLUGIN)).field("total", integer())
                    .field("failed_plugins", array(object().field("package_name", string())
                            .field("error_type", string()).field("error_message", string()))));

    static final RouteDoc PLUGIN_INSTALL = RouteDoc.summary("Install or update a plugin bundle (jar)")
            .description("The jar as the raw body or as a multipart file part. A JSON package spec is answered 400 "
                    + "with how to install a bundle.")
            .body("application/java-archive", binary())
            .body("multipart/form-data", object().field("file", binary()))
            .ok(SUCCESS.field("replaced", bool()).field("plugin", anyObject()))
            .errors(400, "Not a valid bundle").errors(413, "Too large");

    static final RouteDoc PLUGIN_REMOVE = RouteDoc.summary("Uninstall a plugin")
            .ok(SUCCESS.optional("unloaded_pipelines", array(string())))
            .errors(403, "Part of the distribution").errors(404, "No such plugin");

    static final RouteDoc PLUGIN_RELOAD = RouteDoc.summary("Update a plugin from its file")
            .ok(SUCCESS).errors(403, "Part of the distribution").errors(404, "No such plugin");

    static final RouteDoc RESTART = RouteDoc.summary("Restart (nothing needs it: plugin changes apply live)")
            .ok(MESSAGE.field("server_start_time", number()));

    // --- assets

    private static final Shape ASSET = object().field("name", string()).field("path", string())
            .field("size_mb", number()).optional("folder", string())
            .field("type", oneOfStrings("image", "video", "audio")).field("created_at", number());

    static final RouteDoc ASSETS = RouteDoc.summary("Uploaded assets")
            .query("type", false, oneOfStrings("image", "video", "audio"), null)
            .ok(object().field("assets", array(ASSET)));

    static final RouteDoc ASSET_UPLOAD = RouteDoc.summary("Upload an asset")
            .description("The file as the raw body, with its media type or application/octet-stream.")
            .query("filename", true, string(), "the file's name; its extension decides the type")
            .body("application/octet-stream", binary())
            .ok(ASSET).errors(400, "File type not allowed").errors(413, "Too large for its type");

    static final RouteDoc ASSET_FILE = RouteDoc.summary("An asset's bytes")
            .answer(200, "The file", "application/octet-stream", binary()).errors(404, "No such asset");

    // --- onboarding, logs, keys, LoRAs

    private static final Shape ONBOARDING = object().field("completed", bool())
            .field("inference_mode", string().orNull()).field("onboarding_style", string().orNull())
            .field("referral_source", string().orNull()).field("use_case", string().orNull());

    static final RouteDoc ONBOARDING_STATUS = RouteDoc.summary("Onboarding state").ok(ONBOARDING);

    static final RouteDoc ONBOARDING_UPDATE = RouteDoc.summary("Update the onboarding state")
            .body(object().optional("completed", bool()).optional("inference_mode", string())
                    .optional("onboarding_style", string()).optional("referral_source", string())
                    .optional("use_case", string()))
            .ok(ONBOARDING);

    static final RouteDoc LOG_TAIL = RouteDoc.summary("New lines of the server log")
            .query("lines", false, integer(), "at most this many (1-1000, default 200)")
            .query("since_offset", false, integer(), "the offset of the previous answer")
            .ok(object().field("lines", array(string())).field("offset", integer()));

    static final RouteDoc LOG_FILE = RouteDoc.summary("The server log as a file")
            .answer(200, "The log", "text/plain", string()).errors(404, "Nothing logged yet");

    static final RouteDoc KEYS = RouteDoc.summary("API keys of outside services, and whether they are set")
            .ok(object().field("keys", array(object().field("id", string()).field("name", string())
                    .field("description", string()).field("is_set", bool()).optional("source", string())
                    .field("env_var", string()).field("key_url", string()))));

    static final RouteDoc KEY_SET = RouteDoc.summary("Set a key (refused: keys come from the environment)")
            .body(object().field("value", string()))
            .errors(404, "Unknown service").errors(409, "Keys are read from the environment");

    static final RouteDoc KEY_DELETE = RouteDoc.summary("Remove a key (refused: keys come from the environment)")
            .errors(404, "Unknown service").errors(409, "Keys are read from the environment");

    static final RouteDoc LORAS = RouteDoc.summary("LoRA files in the models folder")
            .ok(object().field("lora_files", array(object().field("name", string()).field("path", string())
                    .field("size_mb", number()).field("folder", string().orNull()).field("read_only", bool()))));

    static final RouteDoc LORA_INSTALL = RouteDoc.summary("Install a LoRA from a URL (refused: copy the file)")
            .body(object().field("url", string()).optional("filename", string()))
            .errors(400, "Not offered: the detail names the folder");

    static final RouteDoc LORA_DELETE = RouteDoc.summary("Delete a LoRA file").ok(SUCCESS)
            .errors(404, "No such LoRA");

    static final RouteDoc LORA_DOWNLOAD = RouteDoc.summary("Download a LoRA (refused: copy the file)")
            .body(object().field("source", oneOfStrings("huggingface", "civitai", "url"))
                    .optional("repo_id", string()).optional("hf_filename", string()).optional("model_id", string())
                    .optional("version_id", string()).optional("url", string()))
            .errors(400, "Not offered: the detail names the folder");

    static final RouteDoc LORA_PROVENANCE = RouteDoc.summary("Tag a LoRA's provenance (refused)")
            .body(anyObject()).errors(400, "Not offered");

    // --- features this server does not have: status reads answer "off", changes 409

    static final RouteDoc FEATURE_STATUS = RouteDoc.summary("Status of a feature this server does not have")
            .ok(UNAVAILABLE_STATUS);

    static final RouteDoc FEATURE_OFF = RouteDoc.summary("Turn off a feature this server does not have (it stays off)")
            .ok(UNAVAILABLE_STATUS);

    static final RouteDoc FEATURE_CHANGE = RouteDoc.summary("Change a feature this server does not have")
            .body(anyObject().describe("checked as Scope checks it, then refused"))
            .errors(409, "Not available on this server");

    static final RouteDoc NO_EVENTS = RouteDoc.summary("Event stream of a feature this server does not have")
            .answer(204, "Nothing to stream (a browser's EventSource does not reconnect)", null, null);

    static final RouteDoc OSC_INVENTORY = RouteDoc.summary("Tell the server which OSC addresses the UI offers")
            .body(object().field("paths", array(object().field("osc_address", string())
                    .field("type", oneOfStrings("float", "integer", "bool", "string", "integer_list"))
                    .optional("description", string()).optional("min", number()).optional("max", number())
                    .optional("node_id", string()).optional("param", string()))))
            .ok(object().field("count", integer()))
            .errors(503, "OSC server not running");

    static final Shape OSC_STATUS_SHAPE = object().field("enabled", bool()).field("listening", bool())
            .field("port", integer().orNull()).field("host", string().orNull()).field("log_all_messages", bool())
            .optional("note", string().orNull()).optional("packets_received", integer())
            .optional("malformed_packets", integer()).optional("messages_applied", integer())
            .optional("messages_refused", integer()).optional("unknown_addresses", integer())
            .optional("without_session", integer());

    static final RouteDoc OSC_STATUS = RouteDoc.summary("Where the OSC server listens, and what it has received")
            .ok(OSC_STATUS_SHAPE);

    static final RouteDoc OSC_SETTINGS = RouteDoc.summary("Log every applied OSC message, or only refusals")
            .body(object().field("log_all_messages", bool())).ok(OSC_STATUS_SHAPE)
            .errors(503, "OSC server not running");

    static final Shape OSC_PATH = object().field("key", string()).field("osc_address", string())
            .field("type", oneOfStrings("float", "integer", "bool", "string", "integer_list"))
            .field("description", string()).optional("min", number()).optional("max", number())
            .optional("enum", array(string())).optional("pipeline_id", string()).optional("node_id", string())
            .optional("param", string());

    static final RouteDoc OSC_PATHS = RouteDoc.summary("The OSC addresses: session keys and pipelines' runtime fields")
            .ok(object().field("active", mapOf(array(OSC_PATH))).field("available", mapOf(array(OSC_PATH)))
                    .field("active_pipeline_ids", array(string())));

    static final RouteDoc OSC_DOCS = RouteDoc.summary("OSC help page: where it listens and every address")
            .answer(200, "HTML", "text/html", string());

    static final RouteDoc OSC_STREAM = RouteDoc.summary("Applied and refused OSC messages as Server-Sent Events")
            .answer(200, "data: {\"type\": \"osc_command\" | \"osc_session_command\" | \"osc_refused\", ...}",
                    "text/event-stream", string())
            .answer(204, "OSC is off: nothing to stream (a browser's EventSource does not reconnect)", null, null)
            .errors(503, "Too many event streams open");

    private static final Shape NODE_ID = string().describe("a record node of the session's graph: required when "
            + "the graph has record nodes, a 400 when it has none");

    static final RouteDoc RECORDING_START = RouteDoc.summary("Start recording a session's output to MP4")
            .description("Records the output as delivered (H.264, OpenH264) into <home>/recordings; with input=true "
                    + "the input too, into a file of its own. The client hears recording_started and, when it ends, "
                    + "recording_stopped on the data channel.")
            .query("node_id", false, NODE_ID, null)
            .query("input", false, bool(), "also record the session's input")
            .ok(object().field("status", oneOfStrings("started", "already_recording")))
            .errors(400, "node_id missing (the graph has record nodes), given (it has none) or unknown; input not "
                    + "true/false, or given with node_id").errors(404, "Session not found")
            .errors(500, "Recording cannot start (folder not writable, disk full, encoder missing)");

    static final RouteDoc RECORDING_STOP = RouteDoc.summary("Stop recording a session and finalise its files")
            .query("node_id", false, NODE_ID, null)
            .ok(object().field("status", oneOfStrings("stopped", "not_recording")))
            .errors(400, "node_id missing, given or unknown (as for start)").errors(404, "Session not found");

    static final RouteDoc RECORDING_FILE = RouteDoc.summary("Download a session's recording (MP4)")
            .description("While recording, the recording so far is finalised and recording goes on in a new file; "
                    + "else the session's latest recording. For a record node (node_id), a running recording is "
                    + "finalised and ends there, as in Scope. The file stays in the recordings folder.")
            .query("node_id", false, NODE_ID, null)
            .answer(200, "The MP4 file (attachment recording-YYYYmmdd_HHMMSS.mp4)", "video/mp4", binary())
            .errors(400, "node_id missing, given or unknown (as for start)")
            .errors(404, "Session not found, or no recording available");

    static final RouteDoc RECORDINGS = RouteDoc.summary("The recordings folder and the recent recordings")
            .ok(object().field("files", array(object().field("name", string()).field("session_id", string())
                    .field("track", oneOfStrings("output", "input")).field("bytes", integer())
                    .field("modified", string()).field("url", string())))
                    .field("recordings", array(object().field("session_id", string())
                            .field("track", oneOfStrings("output", "input"))
                            .field("state", oneOfStrings("recording", "stopped", "failed"))
                            .field("frames", integer()).field("dropped", integer()).field("duration_s", number())
                            .field("file", string().orNull()).field("error", string().orNull()))));

    static final RouteDoc RECORDING_DOWNLOAD = RouteDoc.summary("Download a recording of the folder by name")
            .answer(200, "The MP4 file", "video/mp4", binary()).errors(404, "No such recording");

    static final RouteDoc INPUT_SOURCES = RouteDoc.summary("Server-side input source types (none available here)")
            .ok(object().field("input_sources", array(object().field("source_id", string())
                    .field("source_name", string()).field("source_description", string())
                    .field("available", bool()))));

    static final RouteDoc INPUT_SOURCE_DETAIL = RouteDoc.summary("An input source type's sources (refused)")
            .errors(404, "Unknown type").errors(400, "Not available on this server");

    // --- this description

    static final RouteDoc OPENAPI = RouteDoc.summary("This API description (OpenAPI 3.1)")
            .ok(anyObject().describe("an OpenAPI document"));

    static final RouteDoc DOCS_PAGE = RouteDoc.summary("A page that renders the API description")
            .answer(200, "HTML", "text/html", string());
}
