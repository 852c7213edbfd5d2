// Drives the reconnect dialog (ReconnectModal.razor). Blazor's script reports the connection's state through the
// components-reconnect-state-changed event on the dialog; this module opens and closes it and makes its buttons work.
const dialog = document.getElementById("components-reconnect-modal");
dialog.addEventListener("components-reconnect-state-changed", onStateChanged);
document.getElementById("components-reconnect-button").addEventListener("click", retry);
document.getElementById("components-resume-button").addEventListener("click", resume);
// No inline handler: the Content-Security-Policy (script-src 'self') blocks them.
document.getElementById("components-reload-button").addEventListener("click", () => location.reload());

function onStateChanged(event) {
    switch (event.detail.state) {
        case "show":
        case "paused":
            if (!dialog.open) {
                dialog.showModal();
            }
            break;
        case "hide":
            dialog.close();
            break;
        case "failed":
            // The script gave up; try again as soon as the user comes back to this tab.
            document.addEventListener("visibilitychange", retryWhenVisible);
            break;
        case "rejected":
            // The server is back but no longer knows this page's circuit (e.g. it was restarted): a fresh load brings
            // the page back, still signed in through the cookie.
            location.reload();
            break;
    }
}

async function retry() {
    document.removeEventListener("visibilitychange", retryWhenVisible);
    try {
        // true: reconnected; false: the server answered but lost the circuit; throws: the server is still unreachable.
        if (await Blazor.reconnect()) {
            return;
        }
        if (await Blazor.resumeCircuit()) {
            dialog.close();
        } else {
            location.reload();
        }
    } catch {
        document.addEventListener("visibilitychange", retryWhenVisible);
    }
}

async function resume() {
    try {
        if (!await Blazor.resumeCircuit()) {
            location.reload();
        }
    } catch {
        dialog.classList.replace("components-reconnect-paused", "components-reconnect-resume-failed");
    }
}

async function retryWhenVisible() {
    if (document.visibilityState === "visible") {
        await retry();
    }
}
