package io.provisor.rules;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What uploaded DRL may name, and the names that lead out of the sandbox; {@link DrlSandbox} applies them. */
final class DrlVocabulary {

    static final String FACTS = "io.provisor.rules.facts";

    /** Besides the fact vocabulary (and the nested types of an allowed type). */
    static final Set<String> ALLOWED_TYPES = Set.of(
            "io.provisor.model.Action",
            "java.lang.Object", "java.lang.String", "java.lang.CharSequence", "java.lang.StringBuilder",
            "java.lang.Boolean", "java.lang.Character", "java.lang.Number", "java.lang.Byte", "java.lang.Short",
            "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Math",
            "java.lang.Comparable", "java.lang.Iterable",
            "java.util.Collection", "java.util.List", "java.util.ArrayList", "java.util.LinkedList",
            "java.util.Set", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.SortedSet",
            "java.util.NavigableSet", "java.util.TreeSet", "java.util.Map", "java.util.HashMap",
            "java.util.LinkedHashMap", "java.util.SortedMap", "java.util.NavigableMap", "java.util.TreeMap",
            "java.util.Queue", "java.util.Deque", "java.util.ArrayDeque", "java.util.Iterator",
            "java.util.ListIterator", "java.util.Collections", "java.util.Arrays", "java.util.Objects",
            "java.util.Optional", "java.util.Comparator", "java.util.Locale");

    /** Names MVEL resolves without an import, outside java.lang. */
    static final Map<String, String> MVEL_NAMES = Map.of("Array", "java.lang.reflect.Array");

    /** Members refused wherever they appear, with what they lead to; MVEL's property forms included. */
    static final Map<String, String> FORBIDDEN_MEMBERS = forbiddenMembers();

    /** Variables Drools gives conditions and consequences that hand out the engine itself. */
    static final Set<String> ENGINE_VARIABLES = Set.of("drools", "kcontext", "channels", "entryPoints", "exitPoints");

    /** Consequence macros that change or remove the facts provisor inserted. */
    static final Set<String> FACT_CHANGES = Set.of("update", "modify", "retract", "delete");

    /** Words that cannot name a class, so need no lookup. */
    static final Set<String> WORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case", "catch",
            "char", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally",
            "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
            "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp", "super",
            "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while",
            "true", "false", "null", "var", "rule", "when", "then", "end", "query", "declare", "function", "global",
            "dialect", "salience", "not", "exists", "forall", "eval", "from", "collect", "accumulate", "and", "or",
            "in", "contains", "memberOf", "matches", "soundslike", "over", "insertLogical", "insert");

    private DrlVocabulary() {
    }

    /** An allowed type, or a type nested in one, written with dots or with {@code $}. */
    static boolean allowed(String name) {
        if (name.startsWith(FACTS + ".")) {
            return true;
        }
        String outer = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
        for (String type : ALLOWED_TYPES) {
            if (outer.equals(type) || outer.startsWith(type + ".")) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> forbiddenMembers() {
        Map<String, String> members = new HashMap<>();
        String reflection = "reflection and class loading";
        for (String name : List.of("class", "getClass", "getDeclaringClass", "getEnclosingClass", "forName", "newInstance",
                "getDeclaredMethod", "getDeclaredMethods", "getMethod", "getMethods", "getDeclaredField",
                "getDeclaredFields", "getField", "getFields", "getDeclaredConstructor", "getDeclaredConstructors",
                "getConstructor", "getConstructors", "setAccessible", "trySetAccessible", "invoke", "invokeExact",
                "invokeWithArguments", "lookup", "getClassLoader", "classLoader", "getContextClassLoader",
                "contextClassLoader", "setContextClassLoader", "getSystemClassLoader", "getPlatformClassLoader",
                "loadClass", "defineClass", "findClass", "getModule", "declaringClass", "describeConstable",
                "resolveConstantDesc")) {
            members.put(name, reflection);
        }
        for (String name : List.of("getRuntime", "exit", "halt", "exec")) {
            members.put(name, "the JVM and its processes");
        }
        for (String name : List.of("getProperty", "getProperties", "setProperty", "getenv", "getInteger", "getLong",
                "getBoolean", "setDefault")) {
            members.put(name, "system settings");
        }
        for (String name : List.of("wait", "notify", "notifyAll", "finalize")) {
            members.put(name, "threads");
        }
        for (String name : List.of("getKieRuntime", "kieRuntime", "getKnowledgeRuntime", "knowledgeRuntime",
                "getWorkingMemory", "workingMemory", "getKieBase", "kieBase", "getKnowledgeBase", "knowledgeBase",
                "getKieSession", "getEntryPoint", "getEntryPoints", "getChannels", "getSessionClock", "setGlobal")) {
            members.put(name, "the rule engine");
        }
        return Map.copyOf(members);
    }
}
