//! Walking a list that the API gives page by page: one item at a time, each page fetched when
//! the items before it have been read.

use super::error::Error;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// What one page brought: its items, and how many there are in all if the server says.
pub struct Page<T> {
    /// The page's items, in order.
    pub items: Vec<T>,
    /// The number of items across every page, when the response gives it.
    pub total: Option<i64>,
}

/// A page being fetched.
type Fetching<T, B> = Pin<Box<dyn Future<Output = Result<Page<T>, Error<B>>> + Send>>;
/// Starts fetching the items from the first index (inclusive) to the second (exclusive).
type Fetch<T, B> = Box<dyn FnMut(i64, i64) -> Fetching<T, B> + Send>;

/// How many items a page asks for unless [`Paginated::page_size`] says otherwise.
pub const DEFAULT_PAGE_SIZE: u32 = 100;

/// Every item of a paged list, fetched a page at a time as the items are read.
///
/// Made by an operation's `paginate()`. Read it with [`next`](Self::next) in a
/// `while let` loop, all at once with [`collect_all`](Self::collect_all), or as a
/// [`Stream`](futures_core::Stream) with the `futures` combinators.
///
/// The walk starts at the request's own start index (0 if it has none) and ends:
/// - at the request's own end index, if it has one;
/// - when the items read reach the total the server reports;
/// - when the server reports no total and a page brings fewer items than were asked for;
/// - at an empty page;
/// - after an error, which is given once, as the last item.
///
/// A page is asked for only when the items before it have been read, so stopping early
/// fetches nothing more.
#[must_use = "a paginated list does nothing until it is read"]
pub struct Paginated<T, B = super::DefaultErrorBody> {
    fetch: Fetch<T, B>,
    /// The index of the first item not asked for yet.
    next: i64,
    /// The request's own end index (exclusive), if it had one.
    end: Option<i64>,
    page_size: u32,
    /// How many items the page being fetched asked for.
    asked: i64,
    ready: VecDeque<T>,
    fetching: Option<Fetching<T, B>>,
    done: bool,
}

// The items are only moved in and out, never pinned, so the walk may move whatever they are.
impl<T, B> Unpin for Paginated<T, B> {}

impl<T, B> Paginated<T, B> {
    /// A walk from `start` to `end` (exclusive; no end if `None`), fetching with `fetch`.
    /// Made by the generated `paginate()` methods, the only ones that know how a page is
    /// fetched (`Page` is not reachable from outside the crate), so hidden from the docs.
    #[doc(hidden)]
    pub fn new(
        start: i64,
        end: Option<i64>,
        fetch: impl FnMut(i64, i64) -> Fetching<T, B> + Send + 'static,
    ) -> Self {
        Paginated {
            fetch: Box::new(fetch),
            next: start.max(0),
            end,
            page_size: DEFAULT_PAGE_SIZE,
            asked: 0,
            ready: VecDeque::new(),
            fetching: None,
            done: false,
        }
    }

    /// How many items each page asks for (at least 1; 100 unless set). The server may give
    /// fewer.
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = size.max(1);
        self
    }

    /// The next item, fetching the next page when the ones before are read; `None` after the
    /// last item, or after an error.
    pub async fn next(&mut self) -> Option<Result<T, Error<B>>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    /// Every remaining item, in order.
    ///
    /// # Errors
    ///
    /// The first error any page gave; the items read before it are dropped.
    pub async fn collect_all(mut self) -> Result<Vec<T>, Error<B>> {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item?);
        }
        Ok(all)
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error<B>>>> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if self.done {
                return Poll::Ready(None);
            }
            let fetching = match &mut self.fetching {
                Some(fetching) => fetching,
                None => {
                    let mut until = self.next.saturating_add(i64::from(self.page_size));
                    if let Some(end) = self.end {
                        until = until.min(end);
                    }
                    if until <= self.next {
                        self.done = true;
                        return Poll::Ready(None);
                    }
                    self.asked = until - self.next;
                    self.fetching.insert((self.fetch)(self.next, until))
                }
            };
            let page = match fetching.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(page) => page,
            };
            self.fetching = None;
            match page {
                Err(e) => {
                    self.done = true;
                    return Poll::Ready(Some(Err(e)));
                }
                Ok(mut page) => {
                    // A server that gives more than was asked does not take the walk past
                    // the request's end.
                    page.items
                        .truncate(usize::try_from(self.asked).unwrap_or(usize::MAX));
                    let got = i64::try_from(page.items.len()).unwrap_or(i64::MAX);
                    self.next = self.next.saturating_add(got);
                    self.done = got == 0
                        || match page.total {
                            Some(total) => self.next >= total,
                            None => got < self.asked,
                        };
                    self.ready.extend(page.items);
                }
            }
        }
    }
}

impl<T, B> futures_core::Stream for Paginated<T, B> {
    type Item = Result<T, Error<B>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

impl<T, B> std::fmt::Debug for Paginated<T, B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginated")
            .field("next", &self.next)
            .field("end", &self.end)
            .field("page_size", &self.page_size)
            .field("ready", &self.ready.len())
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

/// A page index as the type of the operation's index parameter; an index that does not fit
/// is refused as an input.
///
/// # Errors
///
/// `Error::InvalidInput` naming the parameter.
pub fn index<I: TryFrom<i64>>(value: i64, name: &str) -> Result<I, Error> {
    I::try_from(value).map_err(|_| {
        Error::invalid_input(
            name,
            format!(
                "page index {value}, which paging reached from the start index and `page_size`, does not fit the parameter's type; a smaller start or page size keeps it in range"
            ),
        )
    })
}

/// An index or count from a response or an input, as an `i64`; one too large for it (a
/// `u64` past `i64::MAX`) is taken as `i64::MAX`.
pub fn wide<I: TryInto<i64>>(value: I) -> i64 {
    value.try_into().unwrap_or(i64::MAX)
}
