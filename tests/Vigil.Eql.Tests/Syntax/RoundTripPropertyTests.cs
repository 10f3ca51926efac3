using CsCheck;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Tests.Syntax;

/// <summary>Random trees, printed then parsed, come back equivalent; printing again gives the same text.</summary>
public sealed class RoundTripPropertyTests
{
    [Fact]
    public void RandomStatementsSurvivePrintThenParse() =>
        RandomSyntax.Statement.Sample(
            statement => Assert.Null(RoundTrip.CheckStatement(statement)),
            iter: 3000,
            print: EqlPrinter.Print);

    [Fact]
    public void RandomExpressionsSurvivePrintThenParse() =>
        RandomSyntax.Expression(5).Sample(
            expression =>
            {
                var statement = new EqlStatement(default, new EventQuery(default, null, expression), ValueList<Pipe>.Empty);
                Assert.Null(RoundTrip.CheckStatement(statement));
            },
            iter: 5000,
            print: EqlPrinter.Print);

    [Fact]
    public void EquivalenceNoticesADifference()
    {
        // Guards the property itself: an equivalence that said yes to everything would make it pass vacuously.
        var a = EqlParser.Parse("process where a or b and c").Statement!;
        var b = EqlParser.Parse("process where (a or b) and c").Statement!;
        var c = EqlParser.Parse("process   where a or (b and c) // same").Statement!;

        Assert.False(SyntaxEquivalence.AreEquivalent(a, b));
        Assert.True(SyntaxEquivalence.AreEquivalent(a, c));
        Assert.NotEqual(a, c); // record equality sees the spans
    }
}
