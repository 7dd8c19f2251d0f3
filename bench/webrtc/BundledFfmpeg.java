/**
 * Prints where the ffmpeg program bundled with bytedeco's FFmpeg jar is (extracted to ~/.javacpp/cache on first use),
 * for the bench scripts: {@code java -cp <transcoder's classpath> bench/webrtc/BundledFfmpeg.java}. Run it with
 * LD_LIBRARY_PATH set to its folder, where its libraries are.
 */
public class BundledFfmpeg {
    public static void main(String[] args) {
        System.out.println(org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
    }
}
