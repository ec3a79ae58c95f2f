using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

// The SIGTERM test signals the whole test process: no other test may run a host meanwhile.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ContainerPatterns.Examples.QueueWorker.Tests;

public sealed class QueueWorkerTests
{
    private static QueueMessage Job(string id, string body = """{"text": "two words"}""") => new(id, "receipt-" + id, body);

    private static QueueWorker Worker(IMessageQueue queue, IMessageHandler handler, ITaskProtection protection, TimeProvider? clock = null) =>
        new(queue, handler, protection, clock ?? TimeProvider.System, NullLogger<QueueWorker>.Instance);

    private static EcsTaskProtection Protection(Uri? agent) => new(new HttpClient(), agent, NullLogger<EcsTaskProtection>.Instance);

    [Fact]
    public async Task Deletes_a_message_once_it_is_processed()
    {
        var queue = new FakeQueue(Job("m1"));
        var handler = new RecordingHandler();
        using var worker = Worker(queue, handler, new RecordingProtection());

        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => queue.EmptyPolls > 0, "the queue is empty");
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(["m1"], handler.Handled);
        Assert.Equal(["m1"], queue.Deleted);
    }

    [Fact]
    public async Task Leaves_a_message_that_failed_in_the_queue_for_redrive_and_goes_on_with_the_next()
    {
        var queue = new FakeQueue(Job("bad", "fail"), Job("good"));
        var handler = new RecordingHandler();
        using var worker = Worker(queue, handler, new RecordingProtection());

        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => queue.EmptyPolls > 0, "the queue is empty");
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(["bad", "good"], handler.Handled);
        Assert.Equal(["good"], queue.Deleted);
    }

    [Fact]
    public async Task Protects_each_message_from_before_its_receive_until_it_is_deleted_through_the_agent()
    {
        using var agent = new AgentStandIn();
        var requestsWhenProcessing = new List<int>();
        var requestsWhenDeleting = new List<int>();
        var queue = new FakeQueue(Job("m1"), Job("m2")) { OnDelete = _ => requestsWhenDeleting.Add(agent.Requests.Count) };
        var handler = new RecordingHandler(_ =>
        {
            requestsWhenProcessing.Add(agent.Requests.Count);
            return Task.CompletedTask;
        });
        using var worker = Worker(queue, handler, Protection(agent.Uri));

        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => queue.EmptyPolls > 0 && agent.Requests.Count == 6, "protection is released after the empty poll");
        await worker.StopAsync(CancellationToken.None);

        // m1 arrives protected (1 request so far) and is deleted before the release; m2 likewise (on, off, on).
        Assert.Equal([1, 3], requestsWhenProcessing);
        Assert.Equal([1, 3], requestsWhenDeleting);
        var on = ("PUT", "/task-protection/v1/state", "application/json; charset=utf-8", """{"ProtectionEnabled":true,"ExpiresInMinutes":60}""");
        var off = ("PUT", "/task-protection/v1/state", "application/json; charset=utf-8", """{"ProtectionEnabled":false}""");
        Assert.Equal([on, off, on, off, on, off], agent.Requests);
        Assert.Equal(["m1", "m2"], queue.Deleted);
    }

    [Fact]
    public async Task Releases_protection_after_each_message_under_a_steady_backlog_so_the_task_is_replaceable_between_messages()
    {
        var protection = new RecordingProtection();
        var whenHandling = new List<bool[]>();
        var queue = new FakeQueue(Job("m1"), Job("m2"), Job("m3"));
        var handler = new RecordingHandler(_ =>
        {
            whenHandling.Add(protection.Calls.ToArray());
            return Task.CompletedTask;
        });
        using var worker = Worker(queue, handler, protection);

        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => queue.EmptyPolls > 0 && protection.Calls.Count == 8, "protection is released after the empty poll");
        await worker.StopAsync(CancellationToken.None);

        // Every message is handled protected, and protection was off in between.
        Assert.Equal([[true], [true, false, true], [true, false, true, false, true]], whenHandling);
        Assert.Equal([true, false, true, false, true, false, true, false], protection.Calls);
    }

    [Fact]
    public async Task Renews_protection_at_half_its_lifetime_while_a_long_message_is_in_hand()
    {
        var clock = new ManualClock();
        var protection = new RecordingProtection();
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var queue = new FakeQueue(Job("long"));
        var handler = new RecordingHandler(async _ =>
        {
            started.TrySetResult();
            await release.Task;
        });
        using var worker = Worker(queue, handler, protection, clock);

        await worker.StartAsync(CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => clock.Waiting == 1, "the renewal waits");
        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal([true], protection.Calls);
        clock.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(() => protection.Calls.Count == 2, "protection is renewed");
        release.SetResult();
        await Eventually.TrueAsync(() => queue.EmptyPolls == 1 && protection.Calls.Count == 5, "the worker rests after an empty poll");
        await worker.StopAsync(CancellationToken.None);

        // On, renewed after 30 minutes, off once the message is deleted; then on and off around the empty poll.
        Assert.Equal([true, true, false, true, false], protection.Calls);
        Assert.Equal(["long"], queue.Deleted);
    }

    [Fact]
    public async Task Rests_unprotected_for_19_seconds_after_an_empty_poll()
    {
        var clock = new ManualClock();
        var protection = new RecordingProtection();
        var queue = new FakeQueue();
        using var worker = Worker(queue, new RecordingHandler(), protection, clock);

        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => queue.EmptyPolls == 1 && clock.Waiting == 1, "the worker rests");
        Assert.Equal([true, false], protection.Calls);
        clock.Advance(TimeSpan.FromSeconds(18));
        await Task.Delay(50);
        Assert.Equal(1, queue.EmptyPolls);
        clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => queue.EmptyPolls == 2 && clock.Waiting == 1, "the worker polls again and rests");
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal([true, false, true, false], protection.Calls);
    }

    [Fact]
    public async Task Works_on_unprotected_when_the_agent_refuses_protection()
    {
        using var agent = new AgentStandIn(HttpStatusCode.BadRequest);
        var queue = new FakeQueue(Job("m1"));
        using var worker = Worker(queue, new RecordingHandler(), Protection(agent.Uri));

        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => queue.EmptyPolls > 0 && agent.Requests.Count == 4, "the queue is empty");
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(["m1"], queue.Deleted);
    }

    [Fact]
    public async Task Skips_protection_outside_ECS_where_there_is_no_agent()
    {
        await Protection(agent: null).SetAsync(true, CancellationToken.None);
    }

    [Fact]
    public async Task Stops_a_poll_at_once_and_releases_protection()
    {
        var protection = new RecordingProtection();
        var queue = new FakeQueue { BlockWhenEmpty = true };
        using var worker = Worker(queue, new RecordingHandler(), protection);

        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => queue.EmptyPolls == 1, "the worker polls");
        var stop = worker.StopAsync(CancellationToken.None);

        Assert.Same(stop, await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(5))));
        Assert.Equal([true, false], protection.Calls);
    }

    [Fact]
    public async Task On_SIGTERM_finishes_and_deletes_the_message_in_hand_turns_protection_off_and_stops()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var protection = new RecordingProtection();
        var queue = new FakeQueue(Job("m1"), Job("m2"));
        var handler = new RecordingHandler(async m =>
        {
            started.TrySetResult();
            await release.Task;
        });
        using var host = new HostBuilder()
            .UseConsoleLifetime(o => o.SuppressStatusMessages = true)
            .ConfigureServices(s => s.AddHostedService(p => new QueueWorker(queue, handler, protection, TimeProvider.System, NullLogger<QueueWorker>.Instance, p.GetRequiredService<IHostApplicationLifetime>())))
            .Build();
        // Belt and braces: whatever happens, this SIGTERM must not end the test process.
        using var guard = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => c.Cancel = true);

        var run = host.RunAsync();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, Kill(Environment.ProcessId, 15));
        await Eventually.TrueAsync(() => host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested, "the host is stopping");
        Assert.False(run.IsCompleted);
        release.SetResult();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["m1"], handler.Handled);
        Assert.Equal(["m1"], queue.Deleted);
        Assert.Equal([true, false], protection.Calls);
        Assert.Equal(1, queue.Receives);
    }

    [Fact]
    public async Task Counts_the_words_of_a_job_and_fails_on_a_body_that_is_not_one()
    {
        var handler = new WordCountHandler(NullLogger<WordCountHandler>.Instance);

        await handler.HandleAsync(Job("ok", """{"text": "one two  three"}"""), CancellationToken.None);
        await Assert.ThrowsAsync<InvalidDataException>(() => handler.HandleAsync(Job("empty", "{}"), CancellationToken.None));
        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() => handler.HandleAsync(Job("text", "hello"), CancellationToken.None));
    }

    // Sends a signal as `kill` does; a Process.Start of /bin/kill would depend on procps being installed.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
