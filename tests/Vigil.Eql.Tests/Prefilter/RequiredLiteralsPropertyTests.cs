using System.Text;
using System.Text.Json;
using CsCheck;
using Vigil.Eql.Compilation;
using Vigil.Eql.Syntax;
using Vigil.Events.Prefilter;
using static Vigil.Eql.Tests.Prefilter.Ast;
using FieldValue = Vigil.Eql.Tests.Prefilter.RandomJsonSpeller.FieldValue;

namespace Vigil.Eql.Tests.Prefilter;

/// <summary>
/// The prefilter's one promise, checked on random data: for random events written in random legal JSON spellings
/// and random predicates, a line the reference evaluator matches is always kept by the prefilter.
/// </summary>
public sealed class RequiredLiteralsPropertyTests
{
    private static readonly string[] Fields = ["process.name", "process.parent.name", "event.action", "file.path"];

    // Fragments chosen to collide: case variants, escapes, slash, non-ASCII, characters whose case folds into ASCII
    // (Kelvin sign, dotless i, long s, dotted I), wildcard characters, digits, a control character.
    private static readonly string[] Fragments =
    [
        "cat", "Cat", "CAT", "bash", "sh", "/dev/tcp", "a\"b", "x\\y", "é", "É", "\u212A", "k", "K", "\u0131", "\u0130",
        "i", "I", "\u017F", "s", "S", "exec", "Exec", "1000", "\n", "\t", "\u0001", "*", "?", "abc", "ABC", "x.exe",
        "\U0001F600", "/",
    ];

    /// <summary>The generators, over a pool of string fragments that values, patterns and events share.</summary>
    private sealed class Generators
    {
        public Generators(string[] fragments)
        {
            Text = Gen.OneOf(fragments).Array[1, 3].Select(string.Concat);
            PatternText = MakePatternText(Text);
            Atom = MakeAtom(this);
            Value = MakeValue(Text);
            Line = MakeLine(this);
        }

        public Gen<string> Text { get; }
        public Gen<string> PatternText { get; }
        public Gen<Expression> Atom { get; }
        public Gen<FieldValue> Value { get; }
        public Gen<string> Line { get; }
        public Gen<string> FieldName { get; } = Gen.OneOf(Fields);

        public Gen<Expression> Predicate(int depth) => depth == 0
            ? Atom
            : Gen.Int[0, 4].SelectMany(kind => kind switch
            {
                0 => Gen.Select(Predicate(depth - 1), Predicate(depth - 1)).Select((a, b) => (Expression)And(a, b)),
                1 => Gen.Select(Predicate(depth - 1), Predicate(depth - 1)).Select((a, b) => (Expression)Or(a, b)),
                2 => Predicate(depth - 1).Select(a => (Expression)Not(a)),
                _ => Atom,
            });
    }

    private static Gen<string> MakePatternText(Gen<string> text) => Gen.Select(text, Gen.Int[0, 3], Gen.Int[0, 2]).Select(
        (text, where, kind) =>
        {
            var wildcard = kind == 0 ? "?" : "*";
            return where switch
            {
                0 => text,
                1 => wildcard + text,
                2 => text + wildcard,
                _ => wildcard + text + wildcard,
            };
        });

    private static Gen<Expression> MakeAtom(Generators g) => Gen.Int[0, 8].SelectMany(kind => kind switch
    {
        0 => Gen.Select(g.FieldName, g.Text).Select((f, v) => (Expression)Eq(f, v)),
        1 => Gen.Select(g.FieldName, g.Text).Select((f, v) =>
            (Expression)Compare(ComparisonOperator.NotEqual, Field(f), Str(v))),
        2 => Gen.Select(g.FieldName, Gen.Bool, g.Text.Array[1, 3]).Select((f, ci, vs) => (Expression)In(f, ci, vs)),
        3 => Gen.Select(g.FieldName, g.Text.Array[1, 2]).Select((f, vs) => (Expression)NotIn(f, vs)),
        4 => Gen.Select(g.FieldName, g.PatternText.Array[1, 2]).Select((f, ps) =>
            (Expression)Pattern(PatternOperator.Colon, true, f, ps)),
        5 => Gen.Select(g.FieldName, Gen.Bool, g.PatternText).Select((f, ci, p) =>
            (Expression)Pattern(PatternOperator.Like, ci, f, p)),
        _ => Gen.Select(g.FieldName, Gen.OneOf("startsWith", "endsWith", "stringContains"), Gen.Bool, g.Text)
            .Select((f, name, ci, v) => (Expression)Call(name, ci, Field(f), Str(v))),
    });

    private static Gen<FieldValue> MakeValue(Gen<string> text) => Gen.Int[0, 5].SelectMany(kind => kind switch
    {
        0 => Gen.OneOf("1000", "1.0e3", "-7").Select(n => new FieldValue([], n)),
        1 => text.Array[2, 3].Select(vs => new FieldValue(vs, null)),
        _ => text.Select(v => new FieldValue([v], null)),
    });

    private static Gen<string> MakeLine(Generators g) => Gen.Select(
            Gen.Select(g.FieldName, g.Value).Array[1, 4], Gen.Int)
        .Select((fields, seed) => RandomJsonSpeller.Write(
            fields.DistinctBy(f => f.Item1).Select(f => (f.Item1, f.Item2)).ToList(), seed));

    [Fact]
    public void EveryMatchingLineIsKept() => CheckEveryMatchingLineIsKept(Fragments, iterations: 2000, minimumMatches: 2000);

    [Fact]
    public void EveryMatchingLineIsKeptWhenCaseFoldingLeavesAscii() =>
        // A tiny pool of letters and the non-ASCII characters that fold into them, so such collisions are frequent.
        CheckEveryMatchingLineIsKept(
            ["kk", "KK", "\u212A\u212A", "ss", "\u017F\u017F", "ii", "\u0130\u0130", "\u0131\u0131", "II", "SS", "k", "\u212A"],
            iterations: 1000, minimumMatches: 1000);

    [Fact]
    public void EveryMatchingLineIsKeptWhateverEscapesSpellIt() =>
        // Characters JSON may spell more than one way (slash, quote, backslash, controls), so each spelling is met often.
        CheckEveryMatchingLineIsKept(["/", "/dev", "tcp", "a/b", "\"", "\\", "\n", "x\ty"], iterations: 1000, minimumMatches: 1000);

    private static void CheckEveryMatchingLineIsKept(string[] fragments, int iterations, int minimumMatches)
    {
        var generators = new Generators(fragments);
        var matched = 0;
        Gen.Select(generators.Predicate(3), generators.Line.Array[30]).Sample((predicate, lines) =>
        {
            var prefilter = LinePrefilter.Create([RequiredLiterals.ForCondition(predicate)]);
            foreach (var line in lines)
            {
                using var document = JsonDocument.Parse(line);
                if (ReferenceEvaluator.Evaluate(predicate, document.RootElement))
                {
                    Interlocked.Increment(ref matched);
                    Assert.True(prefilter.MayMatch(Encoding.UTF8.GetBytes(line)),
                        $"dropped a matching line\n  line: {line}\n  plan: {prefilter.Describe()}");
                }
            }
        }, iter: iterations);
        // The data must actually exercise the property: plenty of generated lines match.
        Assert.True(matched > minimumMatches, $"only {matched} matching lines were generated");
    }

    [Fact]
    public void ThePrefilterSkipsSomething()
    {
        // Guard against a prefilter that is trivially conservative: simple equalities must skip lines without them.
        var prefilter = LinePrefilter.Create([RequiredLiterals.ForCondition(Eq("process.name", "cat"))]);
        Assert.False(prefilter.MayMatch("{\"process\":{\"name\":\"dog\"}}"u8));
        Assert.False(prefilter.MayMatch("{\"process\":{\"name\":\"Cat\"}}"u8));
        Assert.True(prefilter.MayMatch("{\"process\":{\"name\":[\"x\",\"cat\"]}}"u8));
        Assert.True(prefilter.MayMatch("{\"process\":{\"name\":\"c\\u0061t\"}}"u8));
    }
}
