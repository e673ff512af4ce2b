package io.gatescope.ingest.parse;

import static org.objectweb.asm.Opcodes.*;

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
    private static final String SLICES_TYPE = Type.getDescriptor(LineSlices.class);
    private static final String NAME = "io/gatescope/ingest/parse/CompiledFormat";
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    // A log that keeps changing shape must not fill the heap with classes: past this many
    // formats, new ones stay interpreted.
    static final int MAX_FORMATS = 256;
    // The JIT leaves methods of more bytecode than this to the bytecode interpreter (HotSpot's
    // HugeMethodLimit), which would be slower than our own: such long formats (some 35 variables
    // and more) stay with ours.
    static final int MAX_CODE = 8000;
    private static final Map<String, CompiledMatcher> CACHE = new ConcurrentHashMap<>();
    private static final Logger LOG = LoggerFactory.getLogger(FormatCompiler.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    // The generated method's locals.
    private static final int B = 1;
    private static final int N = 2;
    private static final int OUT = 3;
    private static final int FROM = 4;
    private static final int TO = 5;
    private static final int CAP = 6; // b.length - 8: the last offset a word can be read at
    private static final int POS = 7; // where the current value starts
    private static final int S = 8; // where its literal starts, the value's end
    private static final int P = 9; // the next offset searched for the anchor byte
    private static final int AT = 10;
    private static final int X = 11; // long
    private static final int Z = 13; // long
    private static final int SINGLES = 15; // long: the list values seen to hold one entry

    private FormatCompiler() {}

    /**
     * The compiled matcher of a full format, or null when the format has two variables with no
     * literal between them (only the interpreter reads those), is too long for the JIT, or too many
     * formats were compiled.
     *
     * @param literals literal {@code i} precedes variable {@code i}; the last one ends the line
     * @param ordinals each variable's ordinal, -1 for one that is not kept
     * @param lists which variables are upstream lists ({@code a, b : c})
     */
    static CompiledMatcher compile(
            String key, Literal[] literals, int[] ordinals, boolean[] lists) {
        CompiledMatcher known = CACHE.get(key);
        if (known != null || CACHE.size() >= MAX_FORMATS) {
            return known;
        }
        try {
            CompiledMatcher m = define(literals, ordinals, lists);
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
    static CompiledMatcher define(Literal[] literals, int[] ordinals, boolean[] lists)
            throws ReflectiveOperationException {
        for (int k = 1; k < literals.length - 1; k++) {
            if (literals[k].length() == 0) {
                return null;
            }
        }
        byte[][] bytes = new byte[literals.length][];
        for (int i = 0; i < literals.length; i++) {
            bytes[i] = literals[i].bytes();
        }
        byte[] code = generate(literals, ordinals, lists);
        if (code == null) {
            return null;
        }
        Class<?> c = MethodHandles.lookup().defineHiddenClass(code, true).lookupClass();
        return (CompiledMatcher)
                c.getDeclaredConstructor(byte[][].class).newInstance((Object) bytes);
    }

    private static byte[] generate(Literal[] literals, int[] ordinals, boolean[] lists) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(V17, ACC_FINAL | ACC_SYNTHETIC, NAME, null, BASE, null);
        MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "([[B)V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitVarInsn(ALOAD, 1);
        init.visitMethodInsn(INVOKESPECIAL, BASE, "<init>", "([[B)V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        MethodVisitor mv = cw.visitMethod(0, "match", "([BI" + SLICES_TYPE + ")I", null, null);
        mv.visitCode();
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
        Label fail = new Label();
        Label unsure = new Label();
        if (literals[0].length() > 0) {
            bytesAnd(mv, N);
            push(mv, 0);
            literal(mv, 0);
            helper(mv, "isAt", "([BII[B)Z");
            mv.visitJumpInsn(IFEQ, unsure);
        }
        push(mv, literals[0].length());
        mv.visitVarInsn(ISTORE, POS);
        for (int k = 0; k < ordinals.length; k++) {
            Literal next = literals[k + 1];
            if (next.length() == 0) {
                mv.visitVarInsn(ILOAD, N);
                mv.visitVarInsn(ISTORE, S); // the last variable runs to the line's end
            } else {
                findLiteral(mv, k + 1, next, usualWidth(ordinals[k]), fail);
                if (lists[k] && next.firstByte() == ' ') {
                    bytesAnd(mv, N, POS, S);
                    helper(mv, "maySeparate", "([BIII)Z");
                    mv.visitJumpInsn(IFNE, unsure);
                }
            }
            if (ordinals[k] >= 0) {
                store(mv, FROM, ordinals[k], POS);
                store(mv, TO, ordinals[k], S);
            }
            if (ordinals[k] >= 0 && lists[k]) {
                // What the view asks of a list first: does it hold one entry.
                mv.visitVarInsn(LLOAD, SINGLES);
                bytesAnd(mv, CAP, POS, S);
                mv.visitLdcInsn(1L << ordinals[k]);
                helper(mv, "ifOneEntry", "([BIIIJ)J");
                mv.visitInsn(LOR);
                mv.visitVarInsn(LSTORE, SINGLES);
            }
            mv.visitVarInsn(ILOAD, S);
            push(mv, next.length());
            mv.visitInsn(IADD);
            mv.visitVarInsn(ISTORE, POS);
        }
        mv.visitVarInsn(ILOAD, POS);
        mv.visitVarInsn(ILOAD, N);
        mv.visitJumpInsn(IF_ICMPNE, fail);
        mv.visitVarInsn(ALOAD, OUT);
        mv.visitVarInsn(LLOAD, SINGLES);
        mv.visitMethodInsn(INVOKEVIRTUAL, SLICES, "knowSingles", "(J)V", false);
        mv.visitVarInsn(ILOAD, N);
        mv.visitInsn(IRETURN);
        mv.visitLabel(fail);
        push(mv, -1);
        mv.visitInsn(IRETURN);
        mv.visitLabel(unsure);
        push(mv, -2);
        mv.visitInsn(IRETURN);
        if (unsure.getOffset() > MAX_CODE) {
            return null;
        }
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /**
     * Sets S to the first occurrence of literal {@code i} at or after POS: a word-at-a-time search
     * for its anchor byte, then one masked comparison (and the bytes past eight, one by one).
     */
    private static int usualWidth(int ordinal) {
        return ordinal < 0 ? 0 : NginxVariable.values()[ordinal].usualWidth();
    }

    private static void findLiteral(MethodVisitor mv, int i, Literal lit, int width, Label fail) {
        int off = lit.anchor();
        byte[] bytes = lit.bytes();
        long word = 0;
        for (int j = 0; j < Math.min(bytes.length, 8); j++) {
            word |= (bytes[j] & 0xFFL) << (8 * j);
        }
        long mask = bytes.length >= 8 ? -1L : (1L << (8 * bytes.length)) - 1;
        long pattern = (bytes[off] & 0xFFL) * ONES;
        Label loop = new Label();
        Label fast = new Label();
        Label hit = new Label();
        Label fits = new Label();
        Label slowCompare = new Label();
        Label next = new Label();
        Label found = new Label();

        if (width > 0 && bytes.length <= 8) {
            // Where nginx's usual width puts the literal: checked without the search's chain of
            // dependent steps, so the next value's search can start at once.
            sum(mv, S, POS, width);
            bytesAnd(mv, N, CAP, POS, S);
            push(mv, off);
            mv.visitLdcInsn(pattern);
            mv.visitLdcInsn(word);
            mv.visitLdcInsn(mask);
            push(mv, bytes.length);
            helper(mv, "firstAt", "([BIIIIIJJJI)Z");
            mv.visitJumpInsn(IFNE, found);
        }
        sum(mv, P, POS, off);
        mv.visitLabel(loop);
        // Near the array's end no word can be read: search byte by byte from there.
        mv.visitVarInsn(ILOAD, P);
        mv.visitVarInsn(ILOAD, CAP);
        mv.visitJumpInsn(IF_ICMPLE, fast);
        bytesAnd(mv, N, P);
        push(mv, off);
        mv.visitInsn(ISUB);
        literal(mv, i);
        helper(mv, "find", "([BII[B)I");
        mv.visitInsn(DUP);
        mv.visitVarInsn(ISTORE, S);
        mv.visitJumpInsn(IFGE, found);
        mv.visitJumpInsn(GOTO, fail);

        // z flags the bytes of the word at P equal to the anchor byte; the lowest flag is exact.
        mv.visitLabel(fast);
        bytesAnd(mv, P);
        helper(mv, "word", "([BI)J");
        mv.visitLdcInsn(pattern);
        mv.visitInsn(LXOR);
        mv.visitVarInsn(LSTORE, X);
        mv.visitVarInsn(LLOAD, X);
        mv.visitLdcInsn(ONES);
        mv.visitInsn(LSUB);
        mv.visitVarInsn(LLOAD, X);
        mv.visitLdcInsn(-1L);
        mv.visitInsn(LXOR);
        mv.visitInsn(LAND);
        mv.visitLdcInsn(HIGHS);
        mv.visitInsn(LAND);
        mv.visitInsn(DUP2);
        mv.visitVarInsn(LSTORE, Z);
        mv.visitInsn(LCONST_0);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFNE, hit);
        mv.visitIincInsn(P, 8);
        mv.visitVarInsn(ILOAD, P);
        mv.visitVarInsn(ILOAD, N);
        mv.visitJumpInsn(IF_ICMPLT, loop);
        mv.visitJumpInsn(GOTO, fail);

        mv.visitLabel(hit);
        mv.visitVarInsn(ILOAD, P);
        mv.visitVarInsn(LLOAD, Z);
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "numberOfTrailingZeros", "(J)I", false);
        push(mv, 3);
        mv.visitInsn(IUSHR);
        mv.visitInsn(IADD);
        mv.visitVarInsn(ISTORE, AT);
        sum(mv, S, AT, -off);
        // The first anchor from here cannot start a literal that fits: no later one can either.
        mv.visitVarInsn(ILOAD, S);
        push(mv, bytes.length);
        mv.visitInsn(IADD);
        mv.visitVarInsn(ILOAD, N);
        mv.visitJumpInsn(IF_ICMPLE, fits);
        mv.visitJumpInsn(GOTO, fail);

        mv.visitLabel(fits);
        mv.visitVarInsn(ILOAD, S);
        mv.visitVarInsn(ILOAD, CAP);
        mv.visitJumpInsn(IF_ICMPGT, slowCompare);
        bytesAnd(mv, S);
        helper(mv, "word", "([BI)J");
        mv.visitLdcInsn(word);
        mv.visitInsn(LXOR);
        mv.visitLdcInsn(mask);
        mv.visitInsn(LAND);
        mv.visitInsn(LCONST_0);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFNE, next);
        for (int j = 8; j < bytes.length; j++) {
            bytesAnd(mv, S);
            push(mv, j);
            mv.visitInsn(IADD);
            mv.visitInsn(BALOAD);
            push(mv, bytes[j]);
            mv.visitJumpInsn(IF_ICMPNE, next);
        }
        mv.visitJumpInsn(GOTO, found);

        mv.visitLabel(slowCompare);
        bytesAnd(mv, N, S);
        literal(mv, i);
        helper(mv, "isAt", "([BII[B)Z");
        mv.visitJumpInsn(IFNE, found);

        // Not the literal: search on after this anchor byte.
        mv.visitLabel(next);
        sum(mv, P, AT, 1);
        mv.visitJumpInsn(GOTO, loop);
        mv.visitLabel(found);
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
        mv.visitFieldInsn(GETFIELD, BASE, "literals", "[[B");
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
