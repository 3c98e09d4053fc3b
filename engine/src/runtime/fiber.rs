//! The stack a run's steps execute on, so that a prompt with no answer yet can pause its
//! step where it stands and the answer can continue it.
//!
//! Rhai cannot suspend an evaluation, but a host function can leave it without ending
//! it: the steps run on a stack of their own (a stackful coroutine), `ask` switches back
//! to the host's stack with the waiting prompt, and the answer switches back into the
//! very call that asked. Replaying a session runs the same code and simply never pauses
//! until the answers run out, so a live run and its replay are one mechanism.
//!
//! This is the crate's one use of `unsafe`: reaching the coroutine's yielder from deep
//! inside Rhai, where no reference can be threaded through.

#![allow(unsafe_code)]

use crate::prompt::Prompt;
use corosensei::stack::DefaultStack;
use corosensei::{Coroutine, CoroutineResult, Yielder};
use std::cell::{Cell, RefCell};
use std::ptr::NonNull;
use std::rc::Rc;

/// What a paused step is told when it continues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resume {
    /// The host added an answer for the waiting prompt.
    Answered,
    /// The run is being thrown away (an undo, a reload, the session dropped): stop.
    Abandon,
}

type Steps<T> = Coroutine<Resume, Prompt, T, DefaultStack>;
type Pause = Yielder<Resume, Prompt>;

/// Where the steps stopped: paused at a prompt, or run to their end with a result.
#[derive(Debug)]
pub(crate) enum Stop<T> {
    /// A prompt waits for its answer; the steps continue on `Fiber::resume`.
    Paused(Box<Prompt>),
    /// The body returned.
    Done(T),
}

/// Room for Rhai's recursion within the sandbox's limits: calls 48 deep, expressions 64,
/// and showing a value whose lists and maps nest as deep as their size limits allow
/// (about 1.8 KiB of stack a level in a release build, 7 KiB in a debug one; 4,000
/// levels with the default limits). Reserved, not used: only the pages a step touches
/// are ever committed.
const STACK_SIZE: usize = 64 * 1024 * 1024;

thread_local! {
    /// Whether some fiber is running on this thread: fibers never nest (`Running::enter`).
    static IN_FIBER: Cell<bool> = const { Cell::new(false) };
    /// A stack left by a fiber whose steps ended, for the next fiber on this thread:
    /// mapping one costs 40-60 µs, and replays (undo, explore) start fibers often.
    static SPARE: RefCell<Option<DefaultStack>> = const { RefCell::new(None) };
}

/// Where a run's step can pause: held by the run (its `ask` pauses here) and set by the
/// run's fiber for as long as the fiber's body is alive.
#[derive(Clone, Default)]
pub(crate) struct PausePoint(Rc<Inner>);

#[derive(Default)]
struct Inner {
    /// The fiber's yielder, while the fiber's body is on its stack.
    yielder: Cell<Option<NonNull<Pause>>>,
    /// Whether this run's fiber is the code running right now.
    running: Cell<bool>,
}

impl PausePoint {
    /// Whether this run's steps are the code running now (so a prompt can pause them).
    pub(crate) fn in_step(&self) -> bool {
        self.0.running.get() && self.0.yielder.get().is_some()
    }

    /// Pauses the running step with its waiting prompt until the host resumes it.
    /// Outside a running fiber there is nothing to pause: the step is abandoned.
    pub(crate) fn pause(&self, prompt: Prompt) -> Resume {
        match (self.0.running.get(), self.0.yielder.get()) {
            // SAFETY: `yielder` is set only while the fiber's body is alive and cleared
            // before it ends (even by a panic), and `running` says this fiber is the one
            // executing: fibers never nest, so the current stack is this fiber's, below
            // its body, where the yielder lives.
            (true, Some(yielder)) => unsafe { yielder.as_ref() }.suspend(prompt),
            _ => Resume::Abandon,
        }
    }
}

/// Puts a value back into a cell when dropped, panics included.
struct Reset<'a, T: Copy>(&'a Cell<T>, T);

impl<T: Copy> Drop for Reset<'_, T> {
    fn drop(&mut self) {
        self.0.set(self.1);
    }
}

/// A run's fiber: the paused steps, if a prompt waits. The stack comes from, and goes
/// back to, the thread's spare.
pub(crate) struct Fiber<T: 'static> {
    point: PausePoint,
    paused: Option<Steps<T>>,
}

impl<T: 'static> Fiber<T> {
    /// A fiber for the run whose `ask` pauses at `point`.
    pub(crate) fn new(point: PausePoint) -> Fiber<T> {
        Fiber {
            point,
            paused: None,
        }
    }

    /// Abandons whatever was paused and runs `body` on the fiber until a prompt waits
    /// or the body returns.
    pub(crate) fn start(&mut self, body: impl FnOnce() -> T + 'static) -> Stop<T> {
        self.abandon();
        let stack = match SPARE.with(|s| s.borrow_mut().take()) {
            Some(stack) => stack,
            None => DefaultStack::new(STACK_SIZE).expect("a stack for the guide's steps"),
        };
        let inner = self.point.0.clone();
        let steps = Steps::with_stack(stack, move |yielder, _| {
            inner.yielder.set(Some(NonNull::from(yielder)));
            let _clear = Reset(&inner.yielder, None);
            body()
        });
        self.resume_with(steps, Resume::Answered)
    }

    /// Continues the paused steps after an answer was added; `None` if nothing waits.
    pub(crate) fn resume(&mut self) -> Option<Stop<T>> {
        let steps = self.paused.take()?;
        Some(self.resume_with(steps, Resume::Answered))
    }

    /// Stops the paused steps, if any: `ask` returns an error that ends the evaluation.
    pub(crate) fn abandon(&mut self) {
        if let Some(steps) = self.paused.take() {
            self.resume_with(steps, Resume::Abandon);
            // A step that asked again after being abandoned is dropped as it stands;
            // corosensei unwinds its stack.
            self.paused = None;
        }
    }

    fn resume_with(&mut self, mut steps: Steps<T>, how: Resume) -> Stop<T> {
        let result = {
            let _running = Running::enter(&self.point.0.running);
            steps.resume(how)
        };
        match result {
            CoroutineResult::Yield(prompt) => {
                self.paused = Some(steps);
                Stop::Paused(Box::new(prompt))
            }
            CoroutineResult::Return(done) => {
                let stack = steps.into_stack();
                SPARE.with(|s| *s.borrow_mut() = Some(stack));
                Stop::Done(done)
            }
        }
    }
}

impl<T: 'static> Drop for Fiber<T> {
    fn drop(&mut self) {
        // Ends the paused step as an undo would, rather than by unwinding its stack.
        if !std::thread::panicking() {
            self.abandon();
        }
    }
}

/// Marks a fiber as running until dropped. A fiber resumed from inside another fiber's
/// steps (a plugin driving a session from a host function) would make `pause` unsound,
/// so it is refused outright.
struct Running<'a>(&'a Cell<bool>);

impl Running<'_> {
    fn enter(running: &Cell<bool>) -> Running<'_> {
        let nested = IN_FIBER.with(|f| f.replace(true));
        assert!(
            !nested,
            "a session cannot be driven from inside a guide's step"
        );
        running.set(true);
        Running(running)
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.set(false);
        IN_FIBER.with(|f| f.set(false));
    }
}
