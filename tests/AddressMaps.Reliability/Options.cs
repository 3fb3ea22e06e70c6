namespace AddressMaps.Reliability;

/// <summary>Command-line options. Every loop of the suite is bounded by a count and a time.</summary>
public sealed class Options
{
    public static readonly string[] AllChecks = ["hostile", "replicas", "outage", "shutdown"];

    public string ApiDll { get; private set; } = "";
    public string ConnectionString { get; private set; } = "";
    public string? SeedFile { get; private set; }
    public string? PgStop { get; private set; }
    public string? PgStart { get; private set; }
    public bool Short { get; private set; }
    public int Seed { get; private set; } = 20261201;
    public int HostileCount { get; private set; }
    public TimeSpan HostileTimeLimit { get; private set; }
    public TimeSpan ReplicasDuration { get; private set; }
    public int ReplicaClients { get; private set; } = 16;
    public TimeSpan OutageDuration { get; private set; } = TimeSpan.FromSeconds(5);
    public IReadOnlyList<string> Checks { get; private set; } = AllChecks;
    public string LogDir { get; private set; } = "";

    public static Options Parse(string[] args)
    {
        var o = new Options();
        int? hostile = null;
        double? replicas = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--api-dll": o.ApiDll = Path.GetFullPath(Next()); break;
                case "--connection-string": o.ConnectionString = Next(); break;
                case "--seed-file": o.SeedFile = Path.GetFullPath(Next()); break;
                case "--pg-stop": o.PgStop = Next(); break;
                case "--pg-start": o.PgStart = Next(); break;
                case "--short": o.Short = true; break;
                case "--seed": o.Seed = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--hostile-count": hostile = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--replicas-seconds": replicas = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--replica-clients": o.ReplicaClients = Math.Max(2, int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture)); break;
                case "--outage-seconds": o.OutageDuration = TimeSpan.FromSeconds(double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture)); break;
                case "--log-dir": o.LogDir = Path.GetFullPath(Next()); break;
                case "--checks":
                    var list = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    foreach (var c in list)
                    {
                        if (!AllChecks.Contains(c))
                        {
                            throw new ArgumentException($"unknown check '{c}' (known: {string.Join(", ", AllChecks)})");
                        }
                    }

                    o.Checks = list;
                    break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        if (o.ApiDll.Length == 0 || !File.Exists(o.ApiDll))
        {
            throw new ArgumentException("--api-dll <path to AddressMaps.Api.dll> is required and must exist");
        }

        if (o.ConnectionString.Length == 0)
        {
            o.ConnectionString = Environment.GetEnvironmentVariable("ConnectionStrings__AddressMaps") ?? "";
        }

        if (o.ConnectionString.Length == 0)
        {
            throw new ArgumentException("--connection-string (or ConnectionStrings__AddressMaps) is required");
        }

        // The API reads AddressMaps__SeedFile from the environment; so do we, to know its identities.
        if (o.SeedFile is null && Environment.GetEnvironmentVariable("AddressMaps__SeedFile") is { Length: > 0 } seedFile)
        {
            o.SeedFile = Path.GetFullPath(seedFile);
        }

        o.HostileCount = hostile ?? (o.Short ? 2000 : 10000);
        o.HostileTimeLimit = TimeSpan.FromSeconds(o.Short ? 120 : 600);
        o.ReplicasDuration = TimeSpan.FromSeconds(replicas ?? (o.Short ? 15 : 60));
        if (o.LogDir.Length == 0)
        {
            o.LogDir = Path.Combine(Path.GetTempPath(), $"addressmaps-reliability-{Environment.ProcessId}");
        }

        Directory.CreateDirectory(o.LogDir);
        return o;
    }
}
