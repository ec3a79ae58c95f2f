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
    public async Task Turns_protection_on_through_the_agent_before_processing_and_off_when_the_queue_is_empty()
    {
        using var agent = new AgentStandIn();
        var requestsWhenProcessing = -1;
        var queue = new FakeQueue(Job("m1"), Job("m2"));
        var handler = new RecordingHandler(_ =>
        {
            requestsWhenProcessing = agent.Requests.Count;
            return Task.CompletedTask;
        });
        using var worker = Worker(queue, handler, Protection(agent.Uri));

        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => agent.Requests.Count == 2, "protection is turned off");
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(1, requestsWhenProcessing);
        Assert.Equal(
            [
                ("PUT", "/task-protection/v1/state", "application/json; charset=utf-8", """{"ProtectionEnabled":true,"ExpiresInMinutes":60}"""),
                ("PUT", "/task-protection/v1/state", "application/json; charset=utf-8", """{"ProtectionEnabled":false}"""),
            ],
            agent.Requests);
        Assert.Equal(["m1", "m2"], queue.Deleted);
    }

    [Fact]
    public async Task Renews_protection_when_half_its_lifetime_has_passed_during_a_busy_spell()
    {
        var clock = new ManualClock();
        var protection = new RecordingProtection();
        var queue = new FakeQueue(Job("m1"), Job("m2"), Job("m3"));
        var handler = new RecordingHandler(m =>
        {
            clock.Now += m.Id == "m1" ? TimeSpan.FromMinutes(10) : TimeSpan.FromMinutes(25);
            return Task.CompletedTask;
        });
        using var worker = Worker(queue, handler, protection, clock);

        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => protection.Calls.Contains(false), "protection is turned off");
        await worker.StopAsync(CancellationToken.None);

        // m1 at 0 min: on; m2 at 10 min: still fresh; m3 at 35 min: renewed; then idle: off.
        Assert.Equal([true, true, false], protection.Calls);
    }

    [Fact]
    public async Task Works_on_unprotected_when_the_agent_refuses_protection()
    {
        using var agent = new AgentStandIn(HttpStatusCode.BadRequest);
        var queue = new FakeQueue(Job("m1"));
        using var worker = Worker(queue, new RecordingHandler(), Protection(agent.Uri));

        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => queue.EmptyPolls > 0 && agent.Requests.Count == 2, "the queue is empty");
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(["m1"], queue.Deleted);
    }

    [Fact]
    public async Task Skips_protection_outside_ECS_where_there_is_no_agent()
    {
        await Protection(agent: null).SetAsync(true, CancellationToken.None);
    }

    [Fact]
    public async Task Stops_at_once_while_idle_without_touching_protection()
    {
        var protection = new RecordingProtection();
        var queue = new FakeQueue { BlockWhenEmpty = true };
        using var worker = Worker(queue, new RecordingHandler(), protection);

        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => queue.EmptyPolls == 1, "the worker polls");
        var stop = worker.StopAsync(CancellationToken.None);

        Assert.Same(stop, await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(5))));
        Assert.Empty(protection.Calls);
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
