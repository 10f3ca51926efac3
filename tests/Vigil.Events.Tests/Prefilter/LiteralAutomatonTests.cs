using System.Text;
using CsCheck;
using Vigil.Events.Prefilter;

namespace Vigil.Events.Tests.Prefilter;

public sealed class LiteralAutomatonTests
{
    private static readonly Gen<byte[]> Haystack = Gen.Char["abcABC\"\\u/ xİ"].Array[0, 120].Select(chars => Encoding.UTF8.GetBytes(chars));

    private static readonly Gen<PrefilterLiteral> Literal = Gen.Select(Gen.Char["abcAB\"\\u/"].Array[1, 6], Gen.Bool)
        .Select((chars, ignoreCase) =>
        {
            var bytes = Encoding.ASCII.GetBytes(chars);
            return ignoreCase ? PrefilterLiteral.IgnoringCase(bytes) : PrefilterLiteral.Exact(bytes);
        });

    private static HashSet<int> Found(LiteralAutomaton automaton, byte[] haystack, bool naive)
    {
        var present = new ulong[automaton.BitsetWords];
        var found = new List<int>();
        if (naive)
        {
            automaton.FindAllNaive(haystack, present, found);
        }
        else
        {
            automaton.FindAll(haystack, present, found);
        }
        var set = found.ToHashSet();
        Assert.Equal(found.Count, set.Count); // each literal once
        for (var id = 0; id < automaton.Count; id++)
        {
            Assert.Equal(set.Contains(id), (present[id >> 6] & (1UL << id)) != 0);
        }
        return set;
    }

    [Fact]
    public void FindsExactlyTheLiteralsThatEachOccurOnTheirOwn()
    {
        Gen.Select(Literal.Array[1, 90], Haystack, Gen.Int[1, 7]).Sample((literals, haystack, depth) =>
        {
            // A small depth cap forces the confirm-after-prefix path; the default finds literals whole.
            foreach (var automaton in new[] { new LiteralAutomaton(literals), new LiteralAutomaton(literals, depth) })
            {
                Assert.Equal(Found(automaton, haystack, naive: true), Found(automaton, haystack, naive: false));
            }
        });
    }

    [Fact]
    public void ExactLiteralsKeepTheirCaseAndFoldedOnesIgnoreIt()
    {
        var literals = new[]
        {
            PrefilterLiteral.Exact("\"Cat\""u8), PrefilterLiteral.IgnoringCase("\"dog\""u8), PrefilterLiteral.Exact("\\u"u8),
            PrefilterLiteral.Exact("at\""u8),
        };
        var automaton = new LiteralAutomaton(literals);
        Assert.Equal([1, 3], Found(automaton, "{\"a\":\"cat\",\"b\":\"DoG\"}"u8.ToArray(), naive: false).Order());
        Assert.Equal([0, 3], Found(automaton, "{\"a\":\"Cat\",\"b\":\"\\U0041\"}"u8.ToArray(), naive: false).Order());
        Assert.Equal([2, 3], Found(automaton, "{\"a\":\"\\u0043at\"}"u8.ToArray(), naive: false).Order());
    }
}
