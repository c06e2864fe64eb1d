package io.provisor.mapping.expr;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** Functions that change a value's type or encoding, and Redact. */
final class ConversionFunctions {

    private ConversionFunctions() {
    }

    static List<FunctionSpec> all() {
        return List.of(
                FunctionSpec.of("BitAnd", 2, ConversionFunctions::bitAnd),
                FunctionSpec.of("CStr", 1, args -> args.text(0)),
                FunctionSpec.of("ConvertToBase64", 1, args -> encode(args.text(0), true)),
                FunctionSpec.of("ConvertToUTF8Hex", 1, args -> encode(args.text(0), false)),
                FunctionSpec.of("Redact", 1, ConversionFunctions::redact));
    }

    /** Bitwise AND of two whole numbers. Choice: a null operand gives null. */
    private static Object bitAnd(Args args) {
        Long a = args.integer(0);
        Long b = args.integer(1);
        return a == null || b == null ? null : a & b;
    }

    /** Base64 of the UTF-16LE bytes (.NET's "Unicode"), or upper-case hex of the UTF-8 bytes. */
    private static Object encode(String text, boolean base64) {
        if (text == null) {
            return null;
        }
        return base64 ? Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_16LE))
                : HexFormat.of().withUpperCase().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The value, marked so that logs show "[Redact]". Choice: null stays null, there being nothing to hide. */
    private static Object redact(Args args) {
        Object value = args.value(0);
        return value == null ? null : new Redacted(value);
    }
}
