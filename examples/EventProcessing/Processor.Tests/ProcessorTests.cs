using System.Text;

namespace ContainerPatterns.Examples.EventProcessing.Processor.Tests;

public sealed class ProcessorTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 14, 5, 0, TimeSpan.Zero);

    private readonly FakeStore _store = new();
    private readonly FakeTable _table = new();
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public void Dispose()
    {
        _out.Dispose();
        _err.Dispose();
    }

    private static Dictionary<string, string?> ProcessEnvironment(string key = "incoming/a.txt") => new()
    {
        ["BUCKET_NAME"] = "uploads",
        ["OBJECT_KEY"] = key,
        ["TABLE_NAME"] = "summaries",
    };

    private Task<int> RunAsync(string[] args, Dictionary<string, string?> environment) =>
        new ProcessorApp(_store, _table, new FixedTime(Now), _out, _err).RunAsync(args, environment, CancellationToken.None);

    [Fact]
    public void Parses_the_bucket_key_and_table_from_the_environment()
    {
        var (input, error) = ProcessInput.Parse(ProcessEnvironment(" incoming/a.txt "));

        Assert.Null(error);
        Assert.Equal(new ProcessInput("uploads", "incoming/a.txt", "summaries"), input);
    }

    [Fact]
    public async Task Exits_2_naming_every_missing_variable()
    {
        var code = await RunAsync([], new Dictionary<string, string?> { ["OBJECT_KEY"] = " ", ["TABLE_NAME"] = "summaries" });

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("error: missing environment variable(s): BUCKET_NAME, OBJECT_KEY (exit 2)" + Environment.NewLine, _err.ToString());
        Assert.Empty(_table.Items);
    }

    [Fact]
    public async Task Summarizes_the_object_into_one_item()
    {
        _store.Objects[("uploads", "incoming/a.txt")] = "hello world\nsecond line";

        var code = await RunAsync(["process"], ProcessEnvironment());

        Assert.Equal(ExitCodes.Ok, code);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("hello world\nsecond line")));
        Assert.Equal(new ObjectSummary("uploads", "incoming/a.txt", 23, 2, 4, sha, Now), Assert.Single(_table.Items));
        Assert.Equal("""{"processed":"s3://uploads/incoming/a.txt","sizeBytes":23,"lines":2,"words":4}""" + Environment.NewLine, _out.ToString());
    }

    [Fact]
    public async Task Builds_the_item_with_typed_attributes_and_a_sortable_time()
    {
        var summary = await ObjectSummary.FromContentAsync("uploads", "incoming/a b.txt", new MemoryStream("x\n"u8.ToArray()), Now, CancellationToken.None);

        var item = DynamoSummaryTable.ToItem(summary);

        Assert.Equal(["bucket", "id", "key", "lines", "processedAt", "sha256", "sizeBytes", "words"], item.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("s3://uploads/incoming/a b.txt", item["id"].S);
        Assert.Equal("2", item["sizeBytes"].N);
        Assert.Equal("1", item["lines"].N);
        Assert.Equal("2026-11-30T14:05:00.0000000Z", item["processedAt"].S);
        Assert.Equal(summary, DynamoSummaryTable.FromItem(item));
    }

    [Fact]
    public async Task Finds_an_object_whose_key_arrived_URL_encoded()
    {
        _store.Objects[("uploads", "incoming/a b.txt")] = "x";

        var code = await RunAsync([], ProcessEnvironment("incoming/a+b.txt"));

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("incoming/a b.txt", Assert.Single(_table.Items).Key);
    }

    [Fact]
    public async Task Exits_3_with_a_clear_message_when_the_object_is_missing()
    {
        var code = await RunAsync([], ProcessEnvironment("incoming/gone.txt"));

        Assert.Equal(ExitCodes.ObjectMissing, code);
        Assert.Equal("error: object s3://uploads/incoming/gone.txt does not exist (deleted before it was processed, or the event names another bucket) (exit 3)" + Environment.NewLine, _err.ToString());
        Assert.Empty(_table.Items);
    }

    [Fact]
    public async Task Exits_1_when_a_call_fails()
    {
        _store.Objects[("uploads", "incoming/a.txt")] = "x";
        _table.Failure = new InvalidOperationException("throttled");

        var code = await RunAsync([], ProcessEnvironment());

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Equal("error: process failed: InvalidOperationException: throttled (exit 1)" + Environment.NewLine, _err.ToString());
    }

    [Fact]
    public async Task Exits_2_for_an_unknown_mode()
    {
        Assert.Equal(ExitCodes.BadInput, await RunAsync(["reprocess"], ProcessEnvironment()));
        Assert.Equal("error: unknown mode \"reprocess\"; use \"process\" or \"report\" (exit 2)" + Environment.NewLine, _err.ToString());
    }

    [Fact]
    public async Task Reports_the_clock_hour_before_the_scheduled_time_however_late_the_run_starts()
    {
        _table.Items.Add(new ObjectSummary("uploads", "incoming/b.txt", 10, 2, 3, "h1", new DateTimeOffset(2026, 11, 30, 13, 59, 59, TimeSpan.Zero)));
        _table.Items.Add(new ObjectSummary("uploads", "incoming/a.txt", 5, 1, 1, "h2", new DateTimeOffset(2026, 11, 30, 13, 0, 0, TimeSpan.Zero)));
        _table.Items.Add(new ObjectSummary("uploads", "incoming/next.txt", 7, 7, 7, "h3", new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.Zero)));
        _table.Items.Add(new ObjectSummary("uploads", "incoming/old.txt", 99, 9, 9, "h4", new DateTimeOffset(2026, 11, 30, 12, 59, 59, TimeSpan.Zero)));
        var environment = new Dictionary<string, string?> { ["TABLE_NAME"] = "summaries", ["REPORT_BUCKET"] = "uploads", ["SCHEDULED_TIME"] = "2026-11-30T14:05:00Z" };

        // Started 20 minutes late (the flexible window), then retried after an hour: both report 13:00 to 14:00.
        var late = await new ProcessorApp(_store, _table, new FixedTime(new DateTimeOffset(2026, 11, 30, 14, 25, 0, TimeSpan.Zero)), _out, _err).RunAsync(["report"], environment, CancellationToken.None);
        var retried = await new ProcessorApp(_store, _table, new FixedTime(new DateTimeOffset(2026, 11, 30, 15, 2, 0, TimeSpan.Zero)), _out, _err).RunAsync(["report"], environment, CancellationToken.None);

        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (late, retried));
        const string report = """{"from":"2026-11-30T13:00:00+00:00","to":"2026-11-30T14:00:00+00:00","objects":2,"bytes":15,"lines":3,"words":4,"keys":["s3://uploads/incoming/a.txt","s3://uploads/incoming/b.txt"]}""";
        Assert.Equal([("uploads/reports/2026/11/30/13.json", report), ("uploads/reports/2026/11/30/13.json", report)], _store.Written);
    }

    [Fact]
    public async Task Reports_the_hour_before_now_when_run_by_hand_without_a_scheduled_time()
    {
        _table.Items.Add(new ObjectSummary("uploads", "incoming/a.txt", 5, 1, 1, "h2", Now.AddMinutes(-30)));

        var code = await RunAsync(["report"], new Dictionary<string, string?> { ["TABLE_NAME"] = "summaries", ["REPORT_BUCKET"] = "uploads" });

        Assert.Equal(ExitCodes.Ok, code);
        var (key, content) = Assert.Single(_store.Written);
        Assert.Equal("uploads/reports/2026/11/30/13.json", key);
        Assert.StartsWith("""{"from":"2026-11-30T13:00:00+00:00","to":"2026-11-30T14:00:00+00:00","objects":1,""", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exits_2_for_a_scheduled_time_that_is_not_a_time()
    {
        var code = await RunAsync(["report"], new Dictionary<string, string?> { ["TABLE_NAME"] = "summaries", ["REPORT_BUCKET"] = "uploads", ["SCHEDULED_TIME"] = "<aws.scheduler.scheduled-time>" });

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("error: SCHEDULED_TIME = \"<aws.scheduler.scheduled-time>\" is not an ISO 8601 time such as 2026-11-30T14:05:00Z (exit 2)" + Environment.NewLine, _err.ToString());
        Assert.Empty(_store.Written);
    }

    [Fact]
    public async Task Falls_back_to_the_decoded_key_when_S3_answers_403_for_the_key_as_the_event_wrote_it()
    {
        using var s3 = new S3StandIn();
        s3.Objects["/uploads/incoming/a b.txt"] = "x y";
        using var client = s3.Client();
        var app = new ProcessorApp(new S3ObjectStore(client), _table, new FixedTime(Now), _out, _err);

        var code = await app.RunAsync([], ProcessEnvironment("incoming/a+b.txt"), CancellationToken.None);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(["/uploads/incoming/a+b.txt", "/uploads/incoming/a b.txt"], s3.Requested);
        Assert.Equal(("incoming/a b.txt", 2L), (Assert.Single(_table.Items).Key, _table.Items[0].Words));
    }

    [Fact]
    public async Task Exits_3_saying_missing_or_not_readable_when_S3_answers_403_for_every_candidate_key()
    {
        using var s3 = new S3StandIn();
        using var client = s3.Client();
        var app = new ProcessorApp(new S3ObjectStore(client), _table, new FixedTime(Now), _out, _err);

        var code = await app.RunAsync([], ProcessEnvironment("incoming/gone%21.txt"), CancellationToken.None);

        Assert.Equal(ExitCodes.ObjectMissing, code);
        Assert.Equal(["/uploads/incoming/gone%21.txt", "/uploads/incoming/gone!.txt"], s3.Requested);
        Assert.Equal("error: object s3://uploads/incoming/gone%21.txt does not exist or may not be read: S3 answered 403 (as it does for a missing key to a role that may not list the bucket); it was deleted before it was processed, or the task role may not read it (exit 3)" + Environment.NewLine, _err.ToString());
    }

    [Fact]
    public async Task Counts_lines_and_words_of_empty_and_newline_terminated_content()
    {
        var empty = await ObjectSummary.FromContentAsync("b", "k", new MemoryStream(), Now, CancellationToken.None);
        var terminated = await ObjectSummary.FromContentAsync("b", "k", new MemoryStream("one two\n\nthree\n"u8.ToArray()), Now, CancellationToken.None);

        Assert.Equal((0L, 0L, 0L), (empty.SizeBytes, empty.Lines, empty.Words));
        Assert.Equal((15L, 3L, 3L), (terminated.SizeBytes, terminated.Lines, terminated.Words));
    }

    private sealed class FakeStore : IObjectStore
    {
        public Dictionary<(string Bucket, string Key), string> Objects { get; } = [];

        public List<(string Address, string Content)> Written { get; } = [];

        public Task<ObjectRead> OpenAsync(string bucket, string key, CancellationToken cancellationToken) =>
            Task.FromResult(Objects.TryGetValue((bucket, key), out var text) ? new ObjectRead(new MemoryStream(Encoding.UTF8.GetBytes(text))) : ObjectRead.Missing);

        public Task PutAsync(string bucket, string key, string content, string contentType, CancellationToken cancellationToken)
        {
            Written.Add(($"{bucket}/{key}", content));
            return Task.CompletedTask;
        }
    }

    private sealed class FakeTable : ISummaryTable
    {
        public List<ObjectSummary> Items { get; } = [];

        public Exception? Failure { get; set; }

        public Task PutAsync(ObjectSummary summary, CancellationToken cancellationToken)
        {
            if (Failure is not null)
            {
                throw Failure;
            }

            Items.Add(summary);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<ObjectSummary>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ObjectSummary>>(Items.Where(i => i.ProcessedAt >= since).ToList());
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
