namespace Vigil.Server.Scheduling;

/// <summary>Kibana's rule execution statuses (rule monitoring) and their <c>status_order</c>.</summary>
public static class RuleExecutionStatus
{
    public const string Succeeded = "succeeded";
    public const string PartialFailure = "partial failure";
    public const string Failed = "failed";

    /// <summary>Kibana sorts statuses by this number: succeeded 0, going to run 10, running 15, partial failure 20, failed 30.</summary>
    public static int Order(string status) => status switch
    {
        Succeeded => 0,
        "going to run" => 10,
        "running" => 15,
        PartialFailure => 20,
        Failed => 30,
        _ => 0,
    };
}
