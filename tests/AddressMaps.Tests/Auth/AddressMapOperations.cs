namespace AddressMaps.Tests.Auth;

/// <summary>What one operation is aimed at: the account in the path and the objects it names
/// (each defaults to something that exists nowhere, or to the path's own account).</summary>
public sealed record OperationTarget(string Account, string MapId = OperationTarget.NoSuchId, string Ip = "203.0.113.1", string Zone = OperationTarget.NoSuchId, string? MemberAccount = null, string PrefixId = OperationTarget.NoSuchId)
{
    public const string NoSuchId = "0123456789abcdef0123456789abcdef";

    public string Member => MemberAccount ?? Account;
}

/// <summary>Every address-map and prefix operation of CONTRACT §4 by a short name, so that theories
/// can take plain strings (one test case per row) and build the request here.</summary>
public static class AddressMapOperations
{
    public const string List = "list";
    public const string Create = "create";
    public const string Details = "details";
    public const string Edit = "edit";
    public const string Delete = "delete";
    public const string AddIp = "add-ip";
    public const string RemoveIp = "remove-ip";
    public const string AddZone = "add-zone";
    public const string RemoveZone = "remove-zone";
    public const string AddAccount = "add-account";
    public const string RemoveAccount = "remove-account";
    public const string PrefixList = "prefix-list";
    public const string PrefixDetails = "prefix-details";

    /// <summary>The eleven operations on address maps (each answers 1002 on an account without the add-on).</summary>
    public static readonly IReadOnlyList<string> MapOperations = [List, Create, Details, Edit, Delete, AddIp, RemoveIp, AddZone, RemoveZone, AddAccount, RemoveAccount];

    /// <summary>The nine that change something (Address Maps Write).</summary>
    public static readonly IReadOnlyList<string> Writes = [Create, Edit, Delete, AddIp, RemoveIp, AddZone, RemoveZone, AddAccount, RemoveAccount];

    public static readonly IReadOnlyList<string> All = [.. MapOperations, PrefixList, PrefixDetails];

    /// <summary>The operations that name an object by id (a map or a prefix).</summary>
    public static readonly IReadOnlyList<string> ById = [Details, Edit, Delete, AddIp, RemoveIp, AddZone, RemoveZone, AddAccount, RemoveAccount, PrefixDetails];

    /// <summary>Which demo permission a caller needs: "read" (Address Maps Read or Write),
    /// "write" (Address Maps Write) or "prefixes" (IP Prefixes: Read or Write).</summary>
    public static string Needs(string operation) => operation switch
    {
        List or Details => "read",
        PrefixList or PrefixDetails => "prefixes",
        _ => "write",
    };

    public static bool IsMapOperation(string operation) => MapOperations.Contains(operation);

    public static (HttpMethod Method, string Path, string? Body) Request(string operation, OperationTarget t)
    {
        var map = CloudflareClient.Map(t.MapId, t.Account);
        var prefixes = $"{CloudflareClient.Base}/accounts/{t.Account}/addressing/prefixes";
        return operation switch
        {
            List => (HttpMethod.Get, CloudflareClient.Maps(t.Account), null),
            Create => (HttpMethod.Post, CloudflareClient.Maps(t.Account), """{"description":"planted by an intruder","enabled":true}"""),
            Details => (HttpMethod.Get, map, null),
            Edit => (HttpMethod.Patch, map, """{"description":"hijacked by an intruder","enabled":true}"""),
            Delete => (HttpMethod.Delete, map, null),
            AddIp => (HttpMethod.Put, $"{map}/ips/{t.Ip}", null),
            RemoveIp => (HttpMethod.Delete, $"{map}/ips/{t.Ip}", null),
            AddZone => (HttpMethod.Put, $"{map}/zones/{t.Zone}", null),
            RemoveZone => (HttpMethod.Delete, $"{map}/zones/{t.Zone}", null),
            AddAccount => (HttpMethod.Put, $"{map}/accounts/{t.Member}", null),
            RemoveAccount => (HttpMethod.Delete, $"{map}/accounts/{t.Member}", null),
            PrefixList => (HttpMethod.Get, prefixes, null),
            PrefixDetails => (HttpMethod.Get, $"{prefixes}/{t.PrefixId}", null),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "unknown operation"),
        };
    }

    public static Task<ApiResponse> SendAsync(this CloudflareClient api, string operation, OperationTarget target)
    {
        var (method, path, body) = Request(operation, target);
        return api.SendAsync(method, path, body, body is null ? null : "application/json");
    }

    /// <summary>Everything an account's owner sees of its maps: the list and every map's details,
    /// as raw JSON, so that "nothing changed" is one string comparison.</summary>
    public static async Task<string> SnapshotAsync(CloudflareClient owner, string account)
    {
        var list = (await owner.GetAsync(CloudflareClient.Maps(account))).AssertOk().Result;
        var parts = new List<string> { list.GetRawText() };
        foreach (var id in list.EnumerateArray().Select(m => m.GetProperty("id").GetString()!))
        {
            parts.Add((await owner.GetAsync(CloudflareClient.Map(id, account))).AssertOk().Result.GetRawText());
        }

        return string.Join("\n", parts);
    }
}
