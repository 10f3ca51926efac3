using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using Vigil.Kql.Syntax;

namespace Vigil.Kql.Tests;

/// <summary>
/// The compiled predicates (frame slots, value tests, the standard analyzer, short-circuit folding) against a plain
/// reference evaluator that walks the tree over <see cref="JsonElement"/> documents with textbook code: regular
/// expressions for wildcards and tokens, <see cref="IPAddress"/> for addresses, doubles for numbers. Random queries
/// over five fields of five types, random documents with missing, single and multi-valued fields.
/// </summary>
public sealed class PropertyTests
{
    private static readonly Vigil.Eql.Semantics.Schema Schema = KqlHarness.SchemaOf(
        ("k", "keyword"), ("t", "match_only_text"), ("n", "long"), ("ip", "ip"), ("b", "boolean"));

    private static readonly Gen<string> Leaf = Gen.OneOf(
        "k:cat", "k:Cat", "k:bash", "k:\"cat file\"", "k:c*", "k:*at", "k:*a*", "k:ca*t", "k:*", "k:x-y",
        "t:quick", "t:FOX", "t:brown fox", "t:\"quick brown\"", "t:\"brown quick\"", "t:fo*", "t:*", "t:dog",
        "n:42", "n > 5", "n <= 7", "n >= -3", "n < 1", "n:*", "n:(1 or 7)",
        "ip:10.0.0.0/8", "ip:\"::1\"", "ip:192.168.1.1", "ip:*", "ip > 9.0.0.0",
        "b:true", "b:false", "b:*");

    private static Gen<string> Query(int depth) => depth == 0
        ? Leaf
        : Gen.Int[0, 5].SelectMany(kind => kind switch
        {
            0 => Gen.Select(Query(depth - 1), Query(depth - 1)).Select((a, b) => $"({a}) and ({b})"),
            1 => Gen.Select(Query(depth - 1), Query(depth - 1)).Select((a, b) => $"({a}) or ({b})"),
            2 => Query(depth - 1).Select(a => $"not ({a})"),
            3 => Gen.Select(Query(depth - 1), Query(depth - 1), Query(depth - 1)).Select((a, b, c) => $"{a} or {b} and not ({c})"),
            _ => Leaf,
        });

    private static readonly Gen<JsonNode?> KValue = Gen.OneOf<JsonNode?>("cat", "Cat", "bash", "cat file", "x-y", "concat", 7);
    private static readonly Gen<JsonNode?> TValue = Gen.OneOf<JsonNode?>("quick brown", "Brown fox", "fox", "lazy dog", "QUICK", "foxes jumped");
    private static readonly Gen<JsonNode?> NValue = Gen.OneOf<JsonNode?>(1, 7, 42, -3, "42", 6.5);
    private static readonly Gen<JsonNode?> IpValue = Gen.OneOf<JsonNode?>("10.0.0.1", "192.168.1.1", "::1", "8.8.8.8", "10.255.0.9");
    private static readonly Gen<JsonNode?> BValue = Gen.OneOf<JsonNode?>(true, false, "true");

    // Missing, one value, or an array of one to three values.
    private static Gen<JsonNode?> Field(Gen<JsonNode?> value) => Gen.Int[0, 3].SelectMany(kind => kind switch
    {
        0 => Gen.Const((JsonNode?)null),
        1 => value.Select(v => v?.DeepClone()),
        _ => value.Array[0, 3].Select(vs => (JsonNode?)new JsonArray([.. vs.Select(v => v?.DeepClone())])),
    });

    private static readonly Gen<string> Document = Gen.Select(Field(KValue), Field(TValue), Field(NValue), Field(IpValue), Field(BValue))
        .Select((k, t, n, ip, b) =>
        {
            var o = new JsonObject();
            void Put(string name, JsonNode? v)
            {
                if (v is not null)
                {
                    o[name] = v;
                }
            }
            Put("k", k);
            Put("t", t);
            Put("n", n);
            Put("ip", ip);
            Put("b", b);
            return o.ToJsonString();
        });

    [Fact]
    public void CompiledPredicateAgreesWithReferenceEvaluator()
    {
        Gen.Select(Query(3), Document.Array[12]).Sample((query, docs) =>
        {
            var parsed = KqlParser.Parse(query);
            Assert.True(parsed.Success, query);
            var matches = KqlHarness.Matcher(query, Schema);
            foreach (var doc in docs)
            {
                using var json = JsonDocument.Parse(doc);
                var expected = Reference.Evaluate(parsed.Query!, json.RootElement);
                Assert.True(expected == matches(doc), $"{query}\n{doc}\nreference says {expected}");
            }
        }, iter: 400);
    }

    [Fact]
    public void PrintingThenParsingGivesTheSameTree()
    {
        Query(3).Sample(query =>
        {
            var first = KqlParser.Parse(query).Query!;
            var printed = KqlPrinter.Print(first);
            var again = KqlParser.Parse(printed);
            Assert.True(again.Success, printed);
            Assert.Equal(printed, KqlPrinter.Print(again.Query!));
            Assert.Equal(Strip(KqlSyntaxJson.ToJson(first)), Strip(KqlSyntaxJson.ToJson(again.Query!)));
        }, iter: 400);
    }

    [Fact]
    public void PrefilterNeverDropsAMatchingLine()
    {
        // Conservative literal prefilter: every document the predicate matches must pass it (ARCHITECTURE decision 4).
        Gen.Select(Query(3), Document.Array[12]).Sample((query, docs) =>
        {
            var node = KqlParser.Parse(query).Query!;
            var prefilter = Vigil.Events.Prefilter.LinePrefilter.Create(Compilation.KqlRequiredLiterals.For(node, Schema));
            var matches = KqlHarness.Matcher(query, Schema);
            foreach (var doc in docs)
            {
                if (matches(doc))
                {
                    Assert.True(prefilter.MayMatch(System.Text.Encoding.UTF8.GetBytes(doc)), $"{query}\n{doc}\n{prefilter.Describe()}");
                }
            }
        }, iter: 400);
    }

    // Spans differ between the two texts; the rest of the tree must not.
    private static string Strip(string json) => Regex.Replace(json, "\"span\": \"[^\"]*\",?", "");

    /// <summary>Plain, slow, obviously-correct semantics for the five field types of the property.</summary>
    private static class Reference
    {
        public static bool Evaluate(KqlNode node, JsonElement doc) => node switch
        {
            KqlOr or => or.Operands.Any(o => Evaluate(o, doc)),
            KqlAnd and => and.Operands.All(o => Evaluate(o, doc)),
            KqlNot not => !Evaluate(not.Operand, doc),
            KqlRange range => Values(doc, range.Field.Text).Any(v => InRange(range.Field.Text, v, range)),
            KqlMatch match => Match(match, doc),
            _ => throw new InvalidOperationException(node.GetType().Name),
        };

        private static List<JsonElement> Values(JsonElement doc, string field)
        {
            if (!doc.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return [];
            }
            return value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : [value];
        }

        private static string Text(JsonElement v) => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText();

        private static List<string> Tokens(string text) =>
            [.. Regex.Matches(text.ToLowerInvariant(), @"[\p{L}\p{Nd}_]+").Select(m => m.Value)];

        private static Regex Wildcard(KqlLiteral literal, bool lower) => new(
            "^" + string.Join(".*", literal.WildcardPieces.Select(p => Regex.Escape(lower ? p.ToLowerInvariant() : p))) + "$",
            RegexOptions.Singleline);

        private static bool Match(KqlMatch match, JsonElement doc)
        {
            var field = match.Field!.Text;
            var values = Values(doc, field);
            if (match.IsExists)
            {
                return values.Count > 0;
            }
            var literal = match.Value;
            var text = literal.Kind switch
            {
                KqlLiteralKind.True => "true",
                KqlLiteralKind.False => "false",
                _ => literal.Text,
            };
            switch (field)
            {
                case "k":
                    return literal.HasWildcard
                        ? values.Any(v => Wildcard(literal, false).IsMatch(Text(v)))
                        : values.Any(v => Text(v) == text);
                case "t":
                    if (literal.HasWildcard)
                    {
                        return values.Any(v => Tokens(Text(v)).Any(Wildcard(literal, true).IsMatch));
                    }
                    var query = Tokens(text);
                    if (!literal.IsQuoted)
                    {
                        return values.Any(v => Tokens(Text(v)).Intersect(query).Any());
                    }
                    return values.Any(v =>
                    {
                        var tokens = Tokens(Text(v));
                        return Enumerable.Range(0, Math.Max(0, tokens.Count - query.Count + 1))
                            .Any(i => tokens.Skip(i).Take(query.Count).SequenceEqual(query));
                    });
                case "n":
                    return values.Any(v => Number(v) is { } d && Math.Truncate(d) == double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
                case "ip":
                    return values.Any(v => InBlock(IPAddress.Parse(Text(v)), text));
                case "b":
                    return values.Any(v => (v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetRawText() : Text(v)) == text);
                default:
                    throw new InvalidOperationException(field);
            }
        }

        private static double? Number(JsonElement v) => v.ValueKind == JsonValueKind.Number ? v.GetDouble()
            : double.TryParse(Text(v), System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;

        private static bool InBlock(IPAddress address, string block)
        {
            var parts = block.Split('/');
            var network = IPAddress.Parse(parts[0]);
            if (parts.Length == 1)
            {
                return address.Equals(network);
            }
            if (address.AddressFamily != network.AddressFamily)
            {
                return false;
            }
            var bits = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            var a = address.GetAddressBytes();
            var n = network.GetAddressBytes();
            for (var i = 0; i < bits; i++)
            {
                var mask = 0x80 >> (i % 8);
                if ((a[i / 8] & mask) != (n[i / 8] & mask))
                {
                    return false;
                }
            }
            return true;
        }

        private static bool InRange(string field, JsonElement v, KqlRange range)
        {
            int compare;
            if (field == "n")
            {
                if (Number(v) is not { } d)
                {
                    return false;
                }
                compare = Math.Truncate(d).CompareTo(double.Parse(range.Value.Text, System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (field == "ip")
            {
                compare = Bytes(IPAddress.Parse(Text(v))).AsSpan().SequenceCompareTo(Bytes(IPAddress.Parse(range.Value.Text)));
            }
            else
            {
                throw new InvalidOperationException(field);
            }
            return range.Operator switch
            {
                KqlRangeOperator.LessThan => compare < 0,
                KqlRangeOperator.LessThanOrEqual => compare <= 0,
                KqlRangeOperator.GreaterThan => compare > 0,
                _ => compare >= 0,
            };
        }

        private static byte[] Bytes(IPAddress address) =>
            (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? address.MapToIPv6() : address).GetAddressBytes();
    }
}
