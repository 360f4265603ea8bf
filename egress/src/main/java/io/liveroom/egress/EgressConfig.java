package io.liveroom.egress;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigSection;
import java.util.List;

/**
 * The egress role (section {@code egress}).
 *
 * @param outputDir where recordings ({@code record/}) and HLS output ({@code hls/<stream>/}) go;
 *     the gateway serves {@code /hls/} from the same directory (shared disk)
 * @param ffmpeg the ffmpeg binary (Debian package {@code ffmpeg}); ffprobe is looked up beside it
 * @param rtpHost the address this node receives media nodes' RTP on (and announces)
 * @param maxJobs jobs this node takes
 * @param leaseMs lease of each announcement (every leaseMs/3): a killed node's jobs are reported
 *     FAILED this long after its last announcement
 * @param transcode whether VP8 may be transcoded to H264 for HLS/RTMP (false: refused)
 * @param hlsSegmentSeconds HLS segment length
 * @param rtmpReconnectMs wait before an RTMP push whose ffmpeg exited is started again
 * @param autoRecordRooms rooms whose every published stream is recorded automatically ("*": all)
 * @param mixMaxInputs most input streams of one mix job
 */
public record EgressConfig(
    String outputDir,
    String ffmpeg,
    String rtpHost,
    int maxJobs,
    long leaseMs,
    boolean transcode,
    int hlsSegmentSeconds,
    long rtmpReconnectMs,
    List<String> autoRecordRooms,
    int mixMaxInputs) {
  public static final String SECTION = "egress";

  public static EgressConfig from(Config config) {
    ConfigSection s = config.section(SECTION);
    return new EgressConfig(
        s.getNonBlank("outputDir"),
        s.getNonBlank("ffmpeg"),
        s.getNonBlank("rtpHost"),
        s.getInt("maxJobs", 1, 10_000),
        s.getLong("leaseMs", 2_000, 600_000),
        s.getBoolean("transcode"),
        s.getInt("hlsSegmentSeconds", 1, 60),
        s.getLong("rtmpReconnectMs", 100, 600_000),
        List.copyOf(s.getList("autoRecordRooms")),
        s.getInt("mixMaxInputs", 1, 64));
  }

  /** Whether streams of {@code roomId} are recorded automatically. */
  public boolean autoRecords(String roomId) {
    return roomId != null && (autoRecordRooms.contains("*") || autoRecordRooms.contains(roomId));
  }
}
