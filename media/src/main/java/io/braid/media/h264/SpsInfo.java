package io.braid.media.h264;

import io.braid.media.MalformedMediaException;

/**
 * What a sequence parameter set tells us: profile, level and the displayed picture size (after cropping).
 * Parsed per H.264 section 7.3.2.1.1; only the fields up to the frame cropping are read.
 */
public record SpsInfo(int profileIdc, int constraintFlags, int levelIdc, int width, int height) {
    private static final int MAX_DIMENSION = 16384;

    /** @param nal one SPS NAL unit, header byte included, without a start code */
    public static SpsInfo parse(byte[] nal) {
        if (nal.length < 4 || Nal.type(nal[0]) != Nal.SPS) {
            throw new MalformedMediaException("not an SPS NAL unit");
        }
        BitReader r = new BitReader(Nal.toRbsp(nal, 1, nal.length - 1));
        int profile = r.bits(8);
        int constraints = r.bits(8);
        int level = r.bits(8);
        r.ue(); // seq_parameter_set_id
        int chromaFormat = 1;
        boolean separateColourPlanes = false;
        if (profile == 100 || profile == 110 || profile == 122 || profile == 244 || profile == 44 || profile == 83
                || profile == 86 || profile == 118 || profile == 128 || profile == 138 || profile == 139 || profile == 134 || profile == 135) {
            chromaFormat = r.ue();
            if (chromaFormat > 3) {
                throw new MalformedMediaException("SPS: chroma_format_idc " + chromaFormat);
            }
            if (chromaFormat == 3) {
                separateColourPlanes = r.bit() == 1;
            }
            r.ue(); // bit_depth_luma_minus8
            r.ue(); // bit_depth_chroma_minus8
            r.bit(); // qpprime_y_zero_transform_bypass_flag
            if (r.bit() == 1) { // seq_scaling_matrix_present_flag
                for (int i = 0; i < (chromaFormat != 3 ? 8 : 12); i++) {
                    if (r.bit() == 1) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.ue(); // log2_max_frame_num_minus4
        int pocType = r.ue();
        if (pocType == 0) {
            r.ue(); // log2_max_pic_order_cnt_lsb_minus4
        } else if (pocType == 1) {
            r.bit();
            r.se();
            r.se();
            int cycle = r.ue();
            if (cycle > 255) {
                throw new MalformedMediaException("SPS: num_ref_frames_in_pic_order_cnt_cycle " + cycle);
            }
            for (int i = 0; i < cycle; i++) {
                r.se();
            }
        } else if (pocType != 2) {
            throw new MalformedMediaException("SPS: pic_order_cnt_type " + pocType);
        }
        r.ue(); // max_num_ref_frames
        r.bit(); // gaps_in_frame_num_value_allowed_flag
        int widthMbs = r.ue() + 1;
        int heightMapUnits = r.ue() + 1;
        boolean frameMbsOnly = r.bit() == 1;
        if (!frameMbsOnly) {
            r.bit(); // mb_adaptive_frame_field_flag
        }
        r.bit(); // direct_8x8_inference_flag
        int cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (r.bit() == 1) {
            cropLeft = r.ue();
            cropRight = r.ue();
            cropTop = r.ue();
            cropBottom = r.ue();
        }
        int arrayType = separateColourPlanes ? 0 : chromaFormat;
        int cropUnitX = arrayType == 0 ? 1 : (arrayType == 3 ? 1 : 2);
        int cropUnitY = (arrayType == 0 ? 1 : (arrayType == 1 ? 2 : 1)) * (frameMbsOnly ? 1 : 2);
        long width = widthMbs * 16L - (long) cropUnitX * (cropLeft + cropRight);
        long height = heightMapUnits * 16L * (frameMbsOnly ? 1 : 2) - (long) cropUnitY * (cropTop + cropBottom);
        if (width <= 0 || height <= 0 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
            throw new MalformedMediaException("SPS: picture size " + width + "x" + height);
        }
        return new SpsInfo(profile, constraints, level, (int) width, (int) height);
    }

    /** RFC 6381 codec string, e.g. avc1.64001f, for HLS CODECS attributes. */
    public String codecString() {
        return String.format("avc1.%02x%02x%02x", profileIdc, constraintFlags, levelIdc);
    }

    private static void skipScalingList(BitReader r, int size) {
        int last = 8, next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (last + r.se() + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }
}
