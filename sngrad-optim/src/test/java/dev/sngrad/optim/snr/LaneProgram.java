package dev.sngrad.optim.snr;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The ordinary range of one signal-to-noise rule written once, as lane operations on the element's
 * mean {@code mu}, variance and {@code sigma = sqrt(variance)} and the pass's constants, and
 * written out as Java twice: {@link #scalarJava} for one double (the body of {@code
 * SnrRule.uncheckedFactor}) and {@link #vectorJava} for a {@code DoubleVector} of four (the rule's
 * case in {@code VectorSnrPass.apply}). Both emit the same IEEE operations in the same order, so the
 * two paths give the same bits by construction; the generated code is checked in, and {@code
 * GeneratedRulesTest} fails when it is not what this program writes (as EJML writes its float
 * classes from the double ones).
 *
 * <p>A rule's program is named values ({@link Let}), the mask of lanes its formulas handle ({@code
 * ordinary}, or null when they handle all of them; the other lanes go to the rule's hand-written
 * {@code rareFactor}), the factor, and optionally a cheap test on the inputs under which the
 * factor is exactly 1 ({@code undamped}): the code then returns 1 without the lets, and the vector
 * loop skips them (a square root and a division for rule I) when all four lanes pass it. The test
 * must imply that the formulas give 1; a rule's definition says why it does. Optionally too, a
 * condition on the pass's constants alone under which every lane whose mean and variance are float
 * values (finite, the variance {@code >= 0}) is ordinary ({@code floatsOrdinary}): the vector loop,
 * which reads floats, then skips the ordinary test and the values only it needs; the scalar code,
 * which takes any doubles, keeps it. Written out as code
 * rather than run through an interface of lane operations: the JIT keeps vectors in registers
 * only when a loop is compiled as one unit, and a rule behind a call that it did not inline boxed
 * every vector.
 *
 * @param lets the named values, in order
 * @param ordinary the lanes the formulas handle, or null for all
 * @param factor the factor of the ordinary lanes
 * @param undamped lanes whose factor the formulas make exactly 1, on the inputs alone, or null
 * @param floatsOrdinary a condition on the constants under which every lane of float inputs is
 *     ordinary, or null
 */
record LaneProgram(List<Let> lets, Expr ordinary, Expr factor, Expr undamped, Expr floatsOrdinary) {
  LaneProgram {
    checkArgument(undamped == null || !undamped.uses(SIGMA), "undamped tests the inputs before sigma: %s", undamped);
    checkArgument(floatsOrdinary == null || (ordinary != null && floatsOrdinary.kind() == Kind.FLAG),
        "floatsOrdinary is a condition on the constants of a program with an ordinary test: %s", floatsOrdinary);
  }

  /** A program without an {@code undamped} test or a {@code floatsOrdinary} condition. */
  LaneProgram(List<Let> lets, Expr ordinary, Expr factor) {
    this(lets, ordinary, factor, null, null);
  }

  /** What an expression is per lane: a double or a boolean, varying by lane or constant in the pass. */
  enum Kind {
    LANE, MASK, CONSTANT, FLAG
  }

  /** An expression over lanes, written out as Java for one double and for a vector of four. */
  sealed interface Expr {
    Kind kind();

    /** The expression for one double, with the parentheses Java's precedences need. */
    String scalar();

    /** Java's precedence of the expression's outermost operator: 1 for {@code ?:} up to 9 for a name. */
    default int precedence() {
      return 9;
    }

    /** The expression in the vector loop: a vector, mask, double or boolean by its {@link #kind}. */
    String vector();

    /** Whether {@code input} occurs in the expression, not looking into named values. */
    boolean uses(Input input);

    /** Whether the expression names {@code let}, not looking into named values. */
    boolean refersTo(Let let);
  }

  /** One of the element's inputs, named {@code scalar} in the scalar code and {@code vector} in the vector loop. */
  record Input(String scalar, String vector) implements Expr {
    @Override
    public Kind kind() {
      return Kind.LANE;
    }

    @Override
    public boolean uses(Input input) {
      return equals(input);
    }

    @Override
    public boolean refersTo(Let let) {
      return false;
    }
  }

  /** A constant of the pass, as Java text ({@code alpha}, {@code 1.0}, {@code Double.MIN_NORMAL}). */
  record Constant(String java) implements Expr {
    @Override
    public Kind kind() {
      return Kind.CONSTANT;
    }

    @Override
    public String scalar() {
      return java;
    }

    @Override
    public String vector() {
      return java;
    }

    @Override
    public boolean uses(Input input) {
      return false;
    }

    @Override
    public boolean refersTo(Let let) {
      return false;
    }
  }

  /** A named value; its own line computes it. */
  record Let(String name, Expr value) implements Expr {
    @Override
    public Kind kind() {
      return value.kind();
    }

    @Override
    public String scalar() {
      return name;
    }

    @Override
    public String vector() {
      return name;
    }

    @Override
    public boolean uses(Input input) {
      return false;
    }

    @Override
    public boolean refersTo(Let let) {
      return equals(let);
    }
  }

  /** {@code a op b} for {@code op} one of {@code + - * /}. */
  record Arithmetic(String op, Expr a, Expr b) implements Expr {
    @Override
    public Kind kind() {
      return a.kind() == Kind.CONSTANT && b.kind() == Kind.CONSTANT ? Kind.CONSTANT : Kind.LANE;
    }

    @Override
    public int precedence() {
      return op.equals("*") || op.equals("/") ? 7 : 6;
    }

    @Override
    public String scalar() {
      return inside(a, precedence()) + " " + op + " " + inside(b, precedence() + 1);
    }

    @Override
    public String vector() {
      if (kind() == Kind.CONSTANT) {
        return "(" + scalar() + ")";
      }
      String method = switch (op) {
        case "+" -> "add";
        case "-" -> "sub";
        case "*" -> "mul";
        case "/" -> "div";
        default -> throw new IllegalArgumentException(op);
      };
      return vectorOperand(a) + "." + method + "(" + unwrapped(b.vector()) + ")";
    }

    @Override
    public boolean uses(Input input) {
      return a.uses(input) || b.uses(input);
    }

    @Override
    public boolean refersTo(Let let) {
      return a.refersTo(let) || b.refersTo(let);
    }
  }

  /** {@code a op b} for {@code op} one of {@code < <= == >= >}. */
  record Comparison(String op, Expr a, Expr b) implements Expr {
    @Override
    public Kind kind() {
      return a.kind() == Kind.CONSTANT && b.kind() == Kind.CONSTANT ? Kind.FLAG : Kind.MASK;
    }

    @Override
    public int precedence() {
      return op.equals("==") ? 4 : 5;
    }

    @Override
    public String scalar() {
      return inside(a, precedence()) + " " + op + " " + inside(b, precedence() + 1);
    }

    @Override
    public String vector() {
      if (kind() == Kind.FLAG) {
        return "(" + scalar() + ")";
      }
      checkArgument(a.kind() == Kind.LANE, "write the lane operand of %s first", this);
      String operator = switch (op) {
        case "<" -> "LT";
        case "<=" -> "LE";
        case "==" -> "EQ";
        case ">=" -> "GE";
        case ">" -> "GT";
        default -> throw new IllegalArgumentException(op);
      };
      return a.vector() + ".compare(VectorOperators." + operator + ", " + unwrapped(b.vector()) + ")";
    }

    @Override
    public boolean uses(Input input) {
      return a.uses(input) || b.uses(input);
    }

    @Override
    public boolean refersTo(Let let) {
      return a.refersTo(let) || b.refersTo(let);
    }
  }

  /** {@code a && b} ({@code and} true) or {@code a || b}. */
  record Logic(boolean and, Expr a, Expr b) implements Expr {
    @Override
    public Kind kind() {
      return a.kind() == Kind.FLAG && b.kind() == Kind.FLAG ? Kind.FLAG : Kind.MASK;
    }

    @Override
    public int precedence() {
      return and ? 3 : 2;
    }

    @Override
    public String scalar() {
      return inside(a, precedence()) + (and ? " && " : " || ") + inside(b, precedence() + 1);
    }

    @Override
    public String vector() {
      if (kind() == Kind.FLAG) {
        return "(" + scalar() + ")";
      }
      if (a.kind() == Kind.MASK && b.kind() == Kind.MASK) {
        return a.vector() + (and ? ".and(" : ".or(") + b.vector() + ")";
      }
      checkArgument(and && a.kind() == Kind.FLAG, "write a pass condition first, and with and: %s", this);
      return "(" + unwrapped(a.vector()) + " ? " + b.vector() + " : none)";
    }

    @Override
    public boolean uses(Input input) {
      return a.uses(input) || b.uses(input);
    }

    @Override
    public boolean refersTo(Let let) {
      return a.refersTo(let) || b.refersTo(let);
    }
  }

  /** {@code mask ? ifTrue : ifFalse}. */
  record Select(Expr mask, Expr ifTrue, Expr ifFalse) implements Expr {
    @Override
    public Kind kind() {
      return Kind.LANE;
    }

    @Override
    public int precedence() {
      return 1;
    }

    @Override
    public String scalar() {
      return inside(mask, 2) + " ? " + inside(ifTrue, 2) + " : " + inside(ifFalse, 2);
    }

    @Override
    public String vector() {
      return vectorOperand(ifFalse) + ".blend(" + vectorOperand(ifTrue) + ", " + mask.vector() + ")";
    }

    @Override
    public boolean uses(Input input) {
      return mask.uses(input) || ifTrue.uses(input) || ifFalse.uses(input);
    }

    @Override
    public boolean refersTo(Let let) {
      return mask.refersTo(let) || ifTrue.refersTo(let) || ifFalse.refersTo(let);
    }
  }

  static final Input MU = new Input("mu", "m");
  static final Input VARIANCE = new Input("variance", "v");
  static final Input SIGMA = new Input("sigma", "sigma");
  static final Constant ALPHA = new Constant("alpha");
  static final Constant EPSILON = new Constant("epsilon");
  static final Constant ZERO = new Constant("0.0");
  static final Constant ONE = new Constant("1.0");
  static final Constant MIN_NORMAL = new Constant("Double.MIN_NORMAL");
  static final Constant INFINITY = new Constant("Double.POSITIVE_INFINITY");

  static Let let(String name, Expr value) {
    return new Let(name, value);
  }

  static Expr plus(Expr a, Expr b) {
    return new Arithmetic("+", a, b);
  }

  static Expr minus(Expr a, Expr b) {
    return new Arithmetic("-", a, b);
  }

  static Expr times(Expr a, Expr b) {
    return new Arithmetic("*", a, b);
  }

  static Expr over(Expr a, Expr b) {
    return new Arithmetic("/", a, b);
  }

  static Expr less(Expr a, Expr b) {
    return new Comparison("<", a, b);
  }

  static Expr atMost(Expr a, Expr b) {
    return new Comparison("<=", a, b);
  }

  static Expr equal(Expr a, Expr b) {
    return new Comparison("==", a, b);
  }

  static Expr atLeast(Expr a, Expr b) {
    return new Comparison(">=", a, b);
  }

  static Expr and(Expr a, Expr b) {
    return new Logic(true, a, b);
  }

  static Expr or(Expr a, Expr b) {
    return new Logic(false, a, b);
  }

  static Expr select(Expr mask, Expr ifTrue, Expr ifFalse) {
    return new Select(mask, ifTrue, ifFalse);
  }

  /**
   * The body of {@code uncheckedFactor(mu, variance, alpha, epsilon)}, each line indented by
   * {@code indent}: a return of 1 for undamped inputs, the lets, a return of {@code rareFactor}
   * outside the ordinary range, the factor.
   */
  String scalarJava(String indent) {
    StringBuilder out = new StringBuilder();
    if (undamped != null) {
      out.append(indent).append("if (").append(undamped.scalar()).append(") {\n")
          .append(indent).append("  return 1.0;\n")
          .append(indent).append("}\n");
    }
    if (uses(SIGMA)) {
      out.append(indent).append("double sigma = Math.sqrt(variance);\n");
    }
    for (Let let : lets) {
      String type = let.kind() == Kind.LANE || let.kind() == Kind.CONSTANT ? "double" : "boolean";
      out.append(indent).append(type).append(' ').append(let.name()).append(" = ")
          .append(wrapped(let.value().scalar(), indent, " && ", " || ")).append(";\n");
    }
    if (ordinary != null) {
      out.append(indent).append("if (!").append(inside(ordinary, 9)).append(") {\n")
          .append(indent).append("  return rareFactor(mu, variance, alpha, epsilon);\n")
          .append(indent).append("}\n");
    }
    out.append(indent).append("return ").append(factor.scalar()).append(";\n");
    return out.toString();
  }

  /**
   * The rule's case in the vector loop, each line indented by {@code indent}: assigns {@code factor}
   * and ors {@code rare} with whether a lane is outside the ordinary range; with an {@code
   * undamped} test, only when some lane fails it, and sets {@code unit} when every lane passes it.
   * The loop provides {@code m}, {@code v}, {@code zero}, {@code one}, {@code none}, {@code unit},
   * {@code alpha}, {@code epsilon} and {@code DOUBLES}.
   */
  String vectorJava(String indent) {
    if (undamped == null) {
      return vectorFormulas(indent);
    }
    checkArgument(undamped.kind() == Kind.MASK, "undamped must vary by lane: %s", undamped);
    return indent + "VectorMask<Double> undamped = " + wrapped(unwrapped(undamped.vector()), indent, " ? ", " : ") + ";\n"
        + indent + "if (undamped.allTrue()) {\n"
        + indent + "  factor = one;\n"
        + indent + "  unit = true;\n"
        + indent + "} else {\n"
        + vectorFormulas(indent + "  ")
        + indent + "}\n";
  }

  private String vectorFormulas(String indent) {
    StringBuilder out = new StringBuilder();
    if (uses(SIGMA)) {
      out.append(indent).append("DoubleVector sigma = v.sqrt();\n");
    }
    List<Let> forOrdinaryOnly = floatsOrdinary == null ? List.of() : lets.stream()
        .filter(l -> !factor.refersTo(l) && lets.stream().noneMatch(other -> other.value().refersTo(l)))
        .toList();
    for (Let let : lets) {
      if (!forOrdinaryOnly.contains(let)) {
        appendVectorLet(out, indent, let);
      }
    }
    if (ordinary != null) {
      checkArgument(ordinary.kind() == Kind.MASK, "ordinary must vary by lane: %s", ordinary);
      String test = "rare |= !" + ordinary.vector() + ".allTrue();\n";
      if (floatsOrdinary == null) {
        out.append(indent).append(test);
      } else {
        out.append(indent).append("if (!").append(floatsOrdinary.vector()).append(") { // else floats are never rare\n");
        for (Let let : forOrdinaryOnly) {
          appendVectorLet(out, indent + "  ", let);
        }
        out.append(indent).append("  ").append(test).append(indent).append("}\n");
      }
    }
    out.append(indent).append("factor = ").append(wrapped(vectorOperand(factor), indent, ".and(", ".or(", ".blend("))
        .append(";\n");
    return out.toString();
  }

  private static void appendVectorLet(StringBuilder out, String indent, Let let) {
    String type = switch (let.kind()) {
      case LANE -> "DoubleVector";
      case MASK -> "VectorMask<Double>";
      case CONSTANT -> "double";
      case FLAG -> "boolean";
    };
    out.append(indent).append(type).append(' ').append(let.name()).append(" = ")
        .append(wrapped(unwrapped(let.value().vector()), indent, ".and(", ".or(", ".blend(")).append(";\n");
  }

  private boolean uses(Input input) {
    return lets.stream().anyMatch(l -> l.value().uses(input))
        || (ordinary != null && ordinary.uses(input)) || factor.uses(input);
  }

  /** {@code e} in Java for one double, in parentheses when its operator binds less than {@code precedence}. */
  private static String inside(Expr e, int precedence) {
    return e.precedence() < precedence ? "(" + e.scalar() + ")" : e.scalar();
  }

  /**
   * {@code java}, the rest of a line of about 100 characters or more, broken before each of the
   * {@code breaks} outside parentheses, the new lines indented by {@code indent} and four spaces.
   */
  private static String wrapped(String java, String indent, String... breaks) {
    if (indent.length() + java.length() < 100) {
      return java;
    }
    StringBuilder out = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < java.length(); i++) {
      char c = java.charAt(i);
      if (depth == 0 && i > 0) {
        for (String b : breaks) {
          if (java.startsWith(b, i)) {
            out.append('\n').append(indent).append("    ");
            if (b.startsWith(" ")) {
              out.append(b.strip()).append(' ');
              i += b.length() - 1;
              c = 0;
            }
            break;
          }
        }
      }
      if (c != 0) {
        out.append(c);
      }
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    }
    return out.toString();
  }

  private static String unwrapped(String java) {
    return java.startsWith("(") && java.endsWith(")") && balancedInside(java) ? java.substring(1, java.length() - 1) : java;
  }

  /** Whether the outer parentheses of {@code java} enclose all of it. */
  private static boolean balancedInside(String java) {
    int depth = 0;
    for (int i = 0; i < java.length() - 1; i++) {
      depth += java.charAt(i) == '(' ? 1 : java.charAt(i) == ')' ? -1 : 0;
      if (depth == 0) {
        return false;
      }
    }
    return true;
  }

  /** {@code e} as a vector: a constant is broadcast ({@code zero} and {@code one} are the loop's). */
  private static String vectorOperand(Expr e) {
    if (e.kind() != Kind.CONSTANT) {
      return e.vector();
    }
    if (e.equals(ZERO)) {
      return "zero";
    }
    if (e.equals(ONE)) {
      return "one";
    }
    return "DoubleVector.broadcast(DOUBLES, " + unwrapped(e.vector()) + ")";
  }

  @Override
  public String toString() {
    return lets.stream().map(l -> l.name() + " = " + l.value().scalar()).collect(Collectors.joining("; "))
        + "; ordinary " + (ordinary == null ? "always" : ordinary.scalar()) + "; factor " + factor.scalar()
        + (undamped == null ? "" : "; 1 where " + undamped.scalar())
        + (floatsOrdinary == null ? "" : "; floats ordinary where " + floatsOrdinary.scalar());
  }
}
