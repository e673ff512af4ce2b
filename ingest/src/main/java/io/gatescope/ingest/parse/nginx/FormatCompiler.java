package io.gatescope.ingest.parse.nginx;

import static org.objectweb.asm.Opcodes.*;

import io.gatescope.ingest.parse.LineBytes;
import io.gatescope.ingest.parse.Literal;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles an nginx {@code log_format} into a {@link CompiledMatcher}: a hidden class whose {@code
 * match} runs through the format's variables in order, each one a word-at-a-time search for its
 * literal's anchor byte and a masked comparison of the literal, all with constants. The JIT turns
 * that into code close to a hand-written parser for the format, about twice the interpreter's speed
 * ({@code docs/benchmarks.md}). Compiled classes are shared by format, across threads.
 */
final class FormatCompiler {

    private static final String BASE = Type.getInternalName(CompiledMatcher.class);
    private static final String SLICES = Type.getInternalName(LineSlices.class);
    private static final String LINE = Type.getInternalName(LineBytes.class);
    private static final String LITERAL = Type.getInternalName(Literal.class);
    private static final String LITERALS = Type.getDescriptor(Literal[].class);
    private static final String MATCH =
            Type.getMethodDescriptor(
                    Type.BOOLEAN_TYPE,
                    Type.getType(LineBytes.class),
                    Type.getType(LineSlices.class));
    private static final String NAME = "io/gatescope/ingest/parse/nginx/CompiledFormat";

    // A log that keeps changing shape must not fill the heap with classes: past this many
    // formats, new ones stay interpreted.
    static final int MAX_FORMATS = 256;
    // The JIT leaves methods of more bytecode than this to the bytecode interpreter (HotSpot's
    // HugeMethodLimit), which would be slower than our own: such long formats stay with ours.
    static final int MAX_CODE = 8000;
    private static final Map<String, CompiledMatcher> CACHE = new ConcurrentHashMap<>();
    private static final Logger LOG = LoggerFactory.getLogger(FormatCompiler.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    // The generated method's locals.
    private static final int LINE_ARG = 1;
    private static final int OUT = 2;
    private static final int B = 3; // the line's array
    private static final int N = 4; // the line's length
    private static final int FROM = 5;
    private static final int TO = 6;
    private static final int CAP = 7; // b.length - 8: the last offset a word can be read at
    private static final int POS = 8; // where the current value starts
    private static final int S = 9; // where its literal starts, the value's end
    private static final int P = 10; // the next offset searched for the anchor byte
    private static final int AT = 11;
    private static final int Z = 12; // long: the anchor bytes flagged in the word at P
    private static final int SINGLES = 14; // long: the list values seen to hold one entry

    private FormatCompiler() {}

    /**
     * The compiled matcher of a full format, or null when the format has two variables with no
     * literal between them (only the interpreter reads those), is too long for the JIT (some 50
     * variables), or too many formats were compiled.
     *
     * @param literals literal {@code i} precedes variable {@code i}; the last one ends the line
     */
    static CompiledMatcher compile(String key, Literal[] literals, NginxVariable[] vars) {
        CompiledMatcher known = CACHE.get(key);
        if (known != null || CACHE.size() >= MAX_FORMATS) {
            return known;
        }
        try {
            CompiledMatcher m = define(literals, vars);
            if (m == null) {
                return null;
            }
            CompiledMatcher raced = CACHE.putIfAbsent(key, m);
            return raced != null ? raced : m;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // The interpreter matches the same lines, only slower: say so once, not per format.
            if (WARNED.compareAndSet(false, true)) {
                LOG.warn(
                        "nginx log formats stay interpreted (about half the speed): {}",
                        e.toString());
            }
            return null;
        }
    }

    /**
     * A new matcher class for the format, not cached; null for adjacent variables or a long format.
     */
    static CompiledMatcher define(Literal[] literals, NginxVariable[] vars)
            throws ReflectiveOperationException {
        for (int k = 1; k < literals.length - 1; k++) {
            if (literals[k].length() == 0) {
                return null;
            }
        }
        byte[] code = generate(literals, vars);
        if (code == null) {
            return null;
        }
        Class<?> c = MethodHandles.lookup().defineHiddenClass(code, true).lookupClass();
        return (CompiledMatcher)
                c.getDeclaredConstructor(Literal[].class).newInstance((Object) literals);
    }

    private static byte[] generate(Literal[] literals, NginxVariable[] vars) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(V17, ACC_FINAL | ACC_SYNTHETIC, NAME, null, BASE, null);
        String init = "(" + LITERALS + ")V";
        MethodVisitor ctor = cw.visitMethod(ACC_PUBLIC, "<init>", init, null, null);
        ctor.visitCode();
        ctor.visitVarInsn(ALOAD, 0);
        ctor.visitVarInsn(ALOAD, 1);
        ctor.visitMethodInsn(INVOKESPECIAL, BASE, "<init>", init, false);
        ctor.visitInsn(RETURN);
        ctor.visitMaxs(0, 0);
        ctor.visitEnd();

        MethodVisitor mv = cw.visitMethod(0, "match", MATCH, null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, LINE_ARG);
        mv.visitMethodInsn(INVOKEVIRTUAL, LINE, "array", "()[B", false);
        mv.visitVarInsn(ASTORE, B);
        mv.visitVarInsn(ALOAD, LINE_ARG);
        mv.visitMethodInsn(INVOKEVIRTUAL, LINE, "length", "()I", false);
        mv.visitVarInsn(ISTORE, N);
        mv.visitVarInsn(ALOAD, OUT);
        mv.visitFieldInsn(GETFIELD, SLICES, "from", "[I");
        mv.visitVarInsn(ASTORE, FROM);
        mv.visitVarInsn(ALOAD, OUT);
        mv.visitFieldInsn(GETFIELD, SLICES, "to", "[I");
        mv.visitVarInsn(ASTORE, TO);
        mv.visitInsn(LCONST_0);
        mv.visitVarInsn(LSTORE, SINGLES);
        mv.visitVarInsn(ALOAD, B);
        mv.visitInsn(ARRAYLENGTH);
        push(mv, 8);
        mv.visitInsn(ISUB);
        mv.visitVarInsn(ISTORE, CAP);
        Label ask = new Label(); // leave the line to the interpreter
        if (literals[0].length() > 0) {
            literalAt(mv, 0, ZERO);
            mv.visitJumpInsn(IFEQ, ask);
        }
        push(mv, literals[0].length());
        mv.visitVarInsn(ISTORE, POS);
        for (int k = 0; k < vars.length; k++) {
            Literal next = literals[k + 1];
            boolean kept = vars[k] != NginxVariable.OPAQUE;
            boolean list = NginxLogFormat.isList(vars[k]);
            if (next.length() == 0) {
                mv.visitVarInsn(ILOAD, N);
                mv.visitVarInsn(ISTORE, S); // the last variable runs to the line's end
            } else {
                findLiteral(mv, k + 1, next, kept ? vars[k].usualWidth() : 0, ask);
                if (list && next.firstByte() == ' ') {
                    mv.visitVarInsn(ALOAD, LINE_ARG);
                    mv.visitVarInsn(ILOAD, POS);
                    mv.visitVarInsn(ILOAD, S);
                    mv.visitMethodInsn(
                            INVOKESTATIC,
                            Type.getInternalName(NginxLogFormat.class),
                            "separatesList",
                            "(L" + LINE + ";II)Z",
                            false);
                    mv.visitJumpInsn(IFNE, ask);
                }
            }
            if (kept) {
                store(mv, FROM, vars[k].ordinal(), POS);
                store(mv, TO, vars[k].ordinal(), S);
            }
            if (kept && list) {
                // What the view asks of a list first: does it hold one entry.
                mv.visitVarInsn(LLOAD, SINGLES);
                bytesAnd(mv, CAP, POS, S);
                mv.visitLdcInsn(1L << vars[k].ordinal());
                helper(mv, "ifOneEntry", "([BIIIJ)J");
                mv.visitInsn(LOR);
                mv.visitVarInsn(LSTORE, SINGLES);
            }
            sum(mv, POS, S, next.length());
        }
        mv.visitVarInsn(ILOAD, POS);
        mv.visitVarInsn(ILOAD, N);
        mv.visitJumpInsn(IF_ICMPNE, ask);
        mv.visitVarInsn(ALOAD, OUT);
        mv.visitVarInsn(LLOAD, SINGLES);
        mv.visitMethodInsn(INVOKEVIRTUAL, SLICES, "knowSingles", "(J)V", false);
        push(mv, 1);
        mv.visitInsn(IRETURN);
        mv.visitLabel(ask);
        push(mv, 0);
        mv.visitInsn(IRETURN);
        if (ask.getOffset() > MAX_CODE) {
            return null;
        }
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static final int ZERO = -1; // for literalAt: the offset 0 rather than a local

    /**
     * Sets S to the first occurrence of literal {@code i} at or after POS: where the variable's
     * usual width puts it, else a word-at-a-time search for its anchor byte and one masked
     * comparison per candidate. Near the array's end, where no word can be read, the literal's own
     * search takes over.
     */
    private static void findLiteral(MethodVisitor mv, int i, Literal lit, int width, Label ask) {
        int off = lit.anchor();
        long pattern = LineBytes.broadcast(lit.anchorByte());
        Label loop = new Label();
        Label hit = new Label();
        Label next = new Label();
        Label nearEnd = new Label();
        Label found = new Label();

        if (width > 0 && lit.length() <= 8) {
            // Checked without the search's chain of dependent steps, so the next value's search
            // can start at once.
            sum(mv, S, POS, width);
            bytesAnd(mv, N, CAP, POS, S);
            push(mv, off);
            mv.visitLdcInsn(pattern);
            mv.visitLdcInsn(lit.word());
            mv.visitLdcInsn(lit.mask());
            push(mv, lit.length());
            helper(mv, "firstAt", "([BIIIIIJJJI)Z");
            mv.visitJumpInsn(IFNE, found);
        }
        sum(mv, P, POS, off);
        mv.visitLabel(loop);
        mv.visitVarInsn(ILOAD, P);
        mv.visitVarInsn(ILOAD, CAP);
        mv.visitJumpInsn(IF_ICMPGT, nearEnd);
        bytesAnd(mv, P);
        mv.visitLdcInsn(pattern);
        helper(mv, "anchors", "([BIJ)J");
        mv.visitInsn(DUP2);
        mv.visitVarInsn(LSTORE, Z);
        mv.visitInsn(LCONST_0);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFNE, hit);
        mv.visitIincInsn(P, 8);
        mv.visitVarInsn(ILOAD, P);
        mv.visitVarInsn(ILOAD, N);
        mv.visitJumpInsn(IF_ICMPLT, loop);
        mv.visitJumpInsn(GOTO, ask);

        mv.visitLabel(hit);
        mv.visitVarInsn(ILOAD, P);
        mv.visitVarInsn(LLOAD, Z);
        helper(mv, "firstFlagged", "(IJ)I");
        mv.visitVarInsn(ISTORE, AT);
        sum(mv, S, AT, -off);
        // The first anchor from here cannot start a literal that fits: no later one can either.
        mv.visitVarInsn(ILOAD, S);
        push(mv, lit.length());
        mv.visitInsn(IADD);
        mv.visitVarInsn(ILOAD, N);
        mv.visitJumpInsn(IF_ICMPGT, ask);
        mv.visitVarInsn(ILOAD, S);
        mv.visitVarInsn(ILOAD, CAP);
        mv.visitJumpInsn(IF_ICMPGT, nearEnd);
        bytesAnd(mv, S);
        mv.visitLdcInsn(lit.word());
        mv.visitLdcInsn(lit.mask());
        helper(mv, "wordIs", "([BIJJ)Z");
        mv.visitJumpInsn(IFEQ, next);
        if (lit.length() <= 8) {
            mv.visitJumpInsn(GOTO, found);
        } else {
            literalAt(mv, i, S);
            mv.visitJumpInsn(IFNE, found);
        }
        // Not the literal: search on after this anchor byte.
        mv.visitLabel(next);
        sum(mv, P, AT, 1);
        mv.visitJumpInsn(GOTO, loop);

        // From the word at P on, which cannot be read whole: the literal's search.
        mv.visitLabel(nearEnd);
        literal(mv, i);
        mv.visitVarInsn(ALOAD, LINE_ARG);
        mv.visitVarInsn(ILOAD, P);
        push(mv, off);
        mv.visitInsn(ISUB);
        mv.visitMethodInsn(INVOKEVIRTUAL, LITERAL, "find", "(L" + LINE + ";I)I", false);
        mv.visitInsn(DUP);
        mv.visitVarInsn(ISTORE, S);
        mv.visitJumpInsn(IFLT, ask);
        mv.visitLabel(found);
    }

    /** Pushes whether literal {@code i} is at the offset in {@code local} ({@link #ZERO}: 0). */
    private static void literalAt(MethodVisitor mv, int i, int local) {
        literal(mv, i);
        mv.visitVarInsn(ALOAD, LINE_ARG);
        if (local == ZERO) {
            push(mv, 0);
        } else {
            mv.visitVarInsn(ILOAD, local);
        }
        mv.visitMethodInsn(INVOKEVIRTUAL, LITERAL, "isAt", "(L" + LINE + ";I)Z", false);
    }

    /** Pushes the line's bytes, then the int locals given. */
    private static void bytesAnd(MethodVisitor mv, int... ints) {
        mv.visitVarInsn(ALOAD, B);
        for (int local : ints) {
            mv.visitVarInsn(ILOAD, local);
        }
    }

    /** {@code target = local + constant}. */
    private static void sum(MethodVisitor mv, int target, int local, int constant) {
        mv.visitVarInsn(ILOAD, local);
        push(mv, constant);
        mv.visitInsn(IADD);
        mv.visitVarInsn(ISTORE, target);
    }

    private static void literal(MethodVisitor mv, int i) {
        mv.visitVarInsn(ALOAD, 0);
        mv.visitFieldInsn(GETFIELD, BASE, "literals", LITERALS);
        push(mv, i);
        mv.visitInsn(AALOAD);
    }

    private static void store(MethodVisitor mv, int array, int index, int local) {
        mv.visitVarInsn(ALOAD, array);
        push(mv, index);
        mv.visitVarInsn(ILOAD, local);
        mv.visitInsn(IASTORE);
    }

    private static void helper(MethodVisitor mv, String name, String descriptor) {
        mv.visitMethodInsn(INVOKESTATIC, BASE, name, descriptor, false);
    }

    private static void push(MethodVisitor mv, int v) {
        if (v >= -1 && v <= 5) {
            mv.visitInsn(ICONST_0 + v);
        } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            mv.visitIntInsn(BIPUSH, v);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            mv.visitIntInsn(SIPUSH, v);
        } else {
            mv.visitLdcInsn(v);
        }
    }
}
