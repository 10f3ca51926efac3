using Vigil.Detection.Engine;
using Vigil.Detection.Exceptions;

namespace Vigil.Server.Scheduling;

/// <summary>What one load of <c>--rules</c> and <c>--exceptions</c> gave: the rules that can run and the exception lists.</summary>
public sealed record LoadedRuleSet(IReadOnlyList<PreparedRule> Rules, ExceptionListSet Exceptions, IReadOnlyList<string> Problems);
