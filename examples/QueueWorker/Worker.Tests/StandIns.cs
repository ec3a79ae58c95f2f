using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ContainerPatterns.Examples.QueueWorker.Tests;

/// <summary>A queue in memory: hands out its messages one at a time, records deletions, and answers an empty poll after a short wait.</summary>
internal sealed class FakeQueue(params QueueMessage[] messages) : IMessageQueue
{
    private readonly ConcurrentQueue<QueueMessage> _waiting = new(messages);

    public ConcurrentQueue<string> Deleted { get; } = new();

    public int Receives => _receives;

    public int EmptyPolls => _emptyPolls;

    /// <summary>When set, an empty poll waits until the worker stops (like a 20-second long poll that stopping cuts short).</summary>
    public bool BlockWhenEmpty { get; init; }

    private int _receives;
    private int _emptyPolls;

    public async Task<QueueMessage?> ReceiveAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _receives);
        if (_waiting.TryDequeue(out var message))
        {
            return message;
        }

        Interlocked.Increment(ref _emptyPolls);
        await Task.Delay(BlockWhenEmpty ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(10), cancellationToken);
        return null;
    }

    /// <summary>Called on each deletion, before it is recorded.</summary>
    public Action<string>? OnDelete { get; init; }

    public Task DeleteAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        OnDelete?.Invoke(message.Id);
        Deleted.Enqueue(message.Id);
        return Task.CompletedTask;
    }
}

/// <summary>Records the protection the worker asks for, in order.</summary>
internal sealed class RecordingProtection : ITaskProtection
{
    public ConcurrentQueue<bool> Calls { get; } = new();

    public Task SetAsync(bool enabled, CancellationToken cancellationToken)
    {
        Calls.Enqueue(enabled);
        return Task.CompletedTask;
    }
}

/// <summary>A handler that records what it processed and fails on the bodies it is told to.</summary>
internal sealed class RecordingHandler(Func<QueueMessage, Task>? onMessage = null) : IMessageHandler
{
    public ConcurrentQueue<string> Handled { get; } = new();

    public async Task HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        Handled.Enqueue(message.Id);
        if (onMessage is not null)
        {
            await onMessage(message);
        }

        if (message.Body == "fail")
        {
            throw new InvalidDataException("cannot process " + message.Id);
        }
    }
}

/// <summary>A clock the test moves by hand: its timers (Task.Delay on it) fire only when <see cref="Advance"/> passes them.</summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<ManualTimer> _timers = [];

    public DateTimeOffset Now { get; private set; } = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Timers waiting to fire (a worker resting or renewing protection holds one).</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.Due is not null);
            }
        }
    }

    public override DateTimeOffset GetUtcNow() => Now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock on and fires every timer that falls due.</summary>
    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (_gate)
        {
            Now += by;
            due = _timers.Where(t => t.Due <= Now).ToList();
            foreach (var t in due)
            {
                t.Due = null;
            }
        }

        foreach (var t in due)
        {
            t.Fire();
        }
    }

    private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock.Now + dueTime;
                if (!clock._timers.Contains(this))
                {
                    clock._timers.Add(this);
                }
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>
/// A local HTTP listener standing in for the ECS agent: records each request to it and answers with the status given
/// (200 with the agent's protection body, or an error body).
/// </summary>
internal sealed class AgentStandIn : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public AgentStandIn(HttpStatusCode status = HttpStatusCode.OK)
    {
        // A free loopback port, then the listener on it.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Uri = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Uri.ToString());
        _listener.Start();
        _loop = Task.Run(() => ServeAsync(status));
    }

    /// <summary>What the worker gets as ECS_AGENT_URI.</summary>
    public Uri Uri { get; }

    /// <summary>Each request: method, path, content type and body.</summary>
    public ConcurrentQueue<(string Method, string Path, string? ContentType, string Body)> Requests { get; } = new();

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _ = _loop.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task ServeAsync(HttpStatusCode status)
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            Requests.Enqueue((context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.ContentType, body));
            var answer = status == HttpStatusCode.OK
                ? """{"protection":{"ExpirationDate":"2026-12-01T10:00:00Z","ProtectionEnabled":true,"TaskArn":"arn:aws:ecs:eu-west-1:111122223333:task/jobs/0123"}}"""
                : """{"error":{"Arn":"arn:aws:ecs:eu-west-1:111122223333:task/jobs/0123","Code":"AccessDeniedException","Message":"not allowed"}}""";
            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}

internal static class Eventually
{
    /// <summary>Waits until the condition holds (the worker runs on its own task); fails after 10 seconds.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        for (var waited = 0; waited < 10_000; waited += 10)
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail("timed out waiting until " + what);
    }
}
