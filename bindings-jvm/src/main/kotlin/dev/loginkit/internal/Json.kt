package dev.loginkit.internal

import dev.loginkit.*

import java.math.BigInteger
import java.util.Collections

/**
 * A minimal JSON reader for the one text this binding receives: the
 * verified ID-token claims as the core serialised them (compact, valid
 * JSON, produced by `IdTokenClaims::to_json`). It keeps the main artifact
 * free of a JSON dependency and decides nothing about the token: the core
 * has already parsed and checked it.
 *
 * Values: objects are unmodifiable maps in member order, arrays
 * unmodifiable lists, integers [Long] (or [BigInteger] past its range),
 * other numbers [Double], and strings, booleans and null as themselves.
 */
internal class Json private constructor(private val text: String) {
    private var at = 0

    companion object {
        fun parse(text: String): Any? {
            val reader = Json(text)
            val value = reader.value()
            reader.space()
            if (reader.at != text.length) reader.fail("trailing characters")
            return value
        }

        /** Parses an object; the core's claims are always one. */
        @Suppress("UNCHECKED_CAST")
        fun parseObject(text: String): Map<String, Any?> =
            parse(text) as? Map<String, Any?> ?: throw LoginKitException("internal_error", "the core's claims are not a JSON object; this is a bug")
    }

    private fun fail(why: String): Nothing =
        throw LoginKitException("internal_error", "the core's claims JSON could not be read at offset $at ($why); this is a bug")

    private fun space() {
        while (at < text.length && text[at] in " \t\r\n") at++
    }

    private fun expect(char: Char) {
        if (at >= text.length || text[at] != char) fail("expected '$char'")
        at++
    }

    private fun literal(word: String, value: Any?): Any? {
        if (!text.startsWith(word, at)) fail("expected $word")
        at += word.length
        return value
    }

    /** After a member or item: true at ',' (another follows), false at [close]. */
    private fun separator(close: Char): Boolean {
        space()
        if (at >= text.length) fail("unexpected end")
        return when (text[at++]) {
            ',' -> true
            close -> false
            else -> fail("expected ',' or '$close'")
        }
    }

    private fun value(): Any? {
        space()
        if (at >= text.length) fail("unexpected end")
        return when (text[at]) {
            '{' -> obj()
            '[' -> array()
            '"' -> string()
            't' -> literal("true", true)
            'f' -> literal("false", false)
            'n' -> literal("null", null)
            else -> number()
        }
    }

    private fun obj(): Map<String, Any?> {
        expect('{')
        val members = LinkedHashMap<String, Any?>()
        space()
        if (at < text.length && text[at] == '}') {
            at++
        } else {
            do {
                space()
                val name = string()
                space()
                expect(':')
                members[name] = value()
            } while (separator('}'))
        }
        return Collections.unmodifiableMap(members)
    }

    private fun array(): List<Any?> {
        expect('[')
        val items = ArrayList<Any?>()
        space()
        if (at < text.length && text[at] == ']') {
            at++
        } else {
            do {
                items.add(value())
            } while (separator(']'))
        }
        return Collections.unmodifiableList(items)
    }

    private fun string(): String {
        expect('"')
        val out = StringBuilder()
        while (true) {
            if (at >= text.length) fail("unterminated string")
            val char = text[at++]
            when {
                char == '"' -> return out.toString()
                char != '\\' -> out.append(char)
                at >= text.length -> fail("unterminated escape")
                else -> when (val escaped = text[at++]) {
                    '"', '\\', '/' -> out.append(escaped)
                    'b' -> out.append('\b')
                    'f' -> out.append('\u000c')
                    'n' -> out.append('\n')
                    'r' -> out.append('\r')
                    't' -> out.append('\t')
                    'u' -> {
                        if (at + 4 > text.length) fail("short \\u escape")
                        out.append(text.substring(at, at + 4).toIntOrNull(16)?.toChar() ?: fail("bad \\u escape"))
                        at += 4
                    }
                    else -> fail("bad escape")
                }
            }
        }
    }

    private fun number(): Any {
        val start = at
        var integral = true
        while (at < text.length && text[at] in "+-0123456789.eE") {
            if (text[at] in ".eE") integral = false
            at++
        }
        val literal = text.substring(start, at)
        if (literal.isEmpty()) fail("unexpected character")
        return if (integral) {
            literal.toLongOrNull() ?: literal.toBigIntegerOrNull() ?: fail("bad number")
        } else {
            literal.toDoubleOrNull() ?: fail("bad number")
        }
    }
}
