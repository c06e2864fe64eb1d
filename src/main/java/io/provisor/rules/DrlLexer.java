package io.provisor.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits DRL text into identifiers, literals and symbols, the way the DRL parser, Java and MVEL all
 * read it. Where they would disagree (Java's unicode escapes, text blocks, a {@code #}), the text is
 * reported as a problem instead of guessed at, so that nothing Java or MVEL runs as code can hide
 * from {@link DrlSandbox} inside what looked like a string or a comment.
 */
final class DrlLexer {

    enum Kind { IDENTIFIER, NUMBER, LITERAL, SYMBOL }

    /**
     * @param text identifiers without the characters Java ignores in them ({@code Run\u00ADtime} is {@code Runtime})
     */
    record Token(Kind kind, String text, int line, int column) {

        boolean is(String symbolOrWord) {
            return kind != Kind.LITERAL && text.equals(symbolOrWord);
        }
    }

    record Problem(int line, int column, String message) {
    }

    record Result(List<Token> tokens, List<Problem> problems) {
    }

    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private int pos;
    private int line = 1;
    private int lineStart;

    private DrlLexer(String text) {
        this.text = text;
    }

    static Result lex(String text) {
        DrlLexer lexer = new DrlLexer(text);
        lexer.findUnicodeEscapes();
        lexer.run();
        return new Result(List.copyOf(lexer.tokens), List.copyOf(lexer.problems));
    }

    /** Java reads {@code \}{@code u0022} as a quote before it looks for strings and comments; MVEL does not. */
    private void findUnicodeEscapes() {
        int backslashes = 0;
        int escapeLine = 1;
        int escapeLineStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                escapeLine++;
                escapeLineStart = i + 1;
            }
            if (c == '\\' && backslashes % 2 == 0 && i + 1 < text.length() && text.charAt(i + 1) == 'u') {
                problems.add(new Problem(escapeLine, i - escapeLineStart + 1,
                        "unicode escapes are not allowed in rules; write the character itself"));
            }
            backslashes = c == '\\' ? backslashes + 1 : 0;
        }
    }

    private void run() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                newLine(pos + 1);
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (text.startsWith("//", pos)) {
                // Java ends a line comment at a lone carriage return too.
                while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                    pos++;
                }
            } else if (text.startsWith("/*", pos)) {
                blockComment();
            } else if (text.startsWith("\"\"\"", pos)) {
                problem("text blocks (`\"\"\"`) are not allowed in rules; use a string");
                pos += 3;
            } else if (c == '"' || c == '\'') {
                literal(c);
            } else if (c == '#') {
                problem("`#` is not allowed in rules outside strings; comments start with `//`");
                pos++;
            } else if (Character.isJavaIdentifierStart(text.codePointAt(pos))) {
                identifier();
            } else if (c >= '0' && c <= '9') {
                // Digits only: letters after them (10L, 0x1F, 5s) are read as identifiers, so a
                // number can never swallow a name that follows it.
                int start = pos;
                while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                    pos++;
                }
                add(Kind.NUMBER, text.substring(start, pos), start);
            } else {
                add(Kind.SYMBOL, String.valueOf(c), pos);
                pos++;
            }
        }
    }

    private void blockComment() {
        int startLine = line;
        int startColumn = pos - lineStart + 1;
        int end = text.indexOf("*/", pos + 2);
        int stop = end < 0 ? text.length() : end + 2;
        for (int i = pos; i < stop; i++) {
            if (text.charAt(i) == '\n') {
                newLine(i + 1);
            }
        }
        if (end < 0) {
            problems.add(new Problem(startLine, startColumn, "a comment is not closed, so the file cannot be checked"));
        }
        pos = stop;
    }

    private void literal(char quote) {
        int start = pos;
        int startLine = line;
        int startColumn = pos - lineStart + 1;
        pos++;
        while (pos < text.length() && text.charAt(pos) != quote) {
            if (text.charAt(pos) == '\\') {
                pos++;
            }
            if (pos < text.length() && text.charAt(pos) == '\n') {
                newLine(pos + 1);
            }
            pos++;
        }
        if (pos >= text.length()) {
            problems.add(new Problem(startLine, startColumn, "a string is not closed, so the file cannot be checked"));
            return;
        }
        pos++;
        tokens.add(new Token(Kind.LITERAL, text.substring(start + 1, pos - 1), startLine, startColumn));
    }

    private void identifier() {
        int start = pos;
        StringBuilder name = new StringBuilder();
        while (pos < text.length() && Character.isJavaIdentifierPart(text.codePointAt(pos))) {
            int codePoint = text.codePointAt(pos);
            if (!Character.isIdentifierIgnorable(codePoint)) {
                name.appendCodePoint(codePoint);
            }
            pos += Character.charCount(codePoint);
        }
        add(Kind.IDENTIFIER, name.toString(), start);
    }

    private void add(Kind kind, String value, int start) {
        tokens.add(new Token(kind, value, line, start - lineStart + 1));
    }

    private void problem(String message) {
        problems.add(new Problem(line, pos - lineStart + 1, message));
    }

    private void newLine(int next) {
        line++;
        lineStart = next;
    }
}
