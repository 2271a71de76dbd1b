//! JS values read by hand, and every error the native module throws.
//!
//! An options object crosses the boundary as it is and is read here once:
//! its keys (on the hot calls `Object.keys` from index.js, which V8 lists
//! from its enum cache; napi's own listing builds a hash set), then each
//! given key's value with one call, a string as UTF-16 into a stack buffer
//! (a lone surrogate is found, never turned into U+FFFD). napi-rs would
//! look up every field of a `#[napi(object)]` by name, given or not, and
//! read each string twice. `options!` names each option once.
//!
//! Errors: a value that fails its check is reported as `Js::bad` (which
//! check, the argument's name, the value), and index.js runs that check's
//! own function on it, which throws the error with its usual words; a core
//! failure is the one `Error` `Js::core_error` builds. `rethrow` in
//! index.js is where both get their classes.

use napi::bindgen_prelude::{validate_type_tag, FromNapiValue, ToNapiValue, TypeTag, Unknown};
use napi::sys;
use std::ffi::CStr;
use std::mem::MaybeUninit;
use std::ptr;

pub type Value = sys::napi_value;
type Result<T> = napi::Result<T>;

/// Strings up to this many UTF-16 units are read without a heap buffer.
const STACK_UNITS: usize = 256;
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// The environment of one native call.
#[derive(Clone, Copy)]
pub struct Js(pub sys::napi_env);

impl Js {
    /// A napi status as a result (a failed call may leave an exception pending).
    fn check(self, status: sys::napi_status) -> Result<()> {
        match status {
            sys::Status::napi_ok => Ok(()),
            status => Err(napi::Error::from_status(napi::Status::from(status))),
        }
    }

    /// A napi call that writes one value.
    fn get<T>(self, call: impl FnOnce(*mut T) -> sys::napi_status) -> Result<T> {
        let mut out = MaybeUninit::uninit();
        self.check(call(out.as_mut_ptr()))?;
        Ok(unsafe { out.assume_init() })
    }

    fn nullish(self, value: Value) -> bool {
        let kind = self.get(|kind| unsafe { sys::napi_typeof(self.0, value, kind) });
        matches!(kind, Ok(sys::ValueType::napi_null | sys::ValueType::napi_undefined))
    }

    pub fn string_value(self, text: &str) -> Result<Value> {
        let (pointer, length) = (text.as_ptr().cast(), text.len() as isize);
        self.get(|value| unsafe { sys::napi_create_string_utf8(self.0, pointer, length, value) })
    }

    /// An `Error` with `code` and `message` and `properties` (a None is
    /// null), as the `Err` of a native call: napi-rs throws this very object.
    fn error(self, code: &str, message: &str, properties: &[(&CStr, Option<Value>)]) -> napi::Error {
        let build = || -> Result<napi::Error> {
            let (code, message) = (self.string_value(code)?, self.string_value(message)?);
            let error = self.get(|error| unsafe { sys::napi_create_error(self.0, code, message, error) })?;
            for &(name, value) in properties {
                let value = match value {
                    Some(value) => value,
                    None => self.get(|null| unsafe { sys::napi_get_null(self.0, null) })?,
                };
                self.check(unsafe { sys::napi_set_named_property(self.0, error, name.as_ptr(), value) })?;
            }
            Ok(napi::Error::from(unsafe { Unknown::from_napi_value(self.0, error)? }))
        };
        build().unwrap_or_else(|err| err)
    }

    /// A value that failed `check` (a key of index.js's `CHECKS`: `text`,
    /// `texts`, `pairs`, `flag`, `seconds`, `time`, `option`): index.js runs
    /// that check on it again, which throws the error it words. For
    /// `option`, `value` is the unknown key, `name` the object's name and
    /// `names` the options it may hold.
    pub fn bad(self, check: &str, name: &str, value: Value, names: &[&str]) -> napi::Error {
        let texts = [check, name, &names.join(", ")].map(|text| self.string_value(text));
        let [Ok(check), Ok(argument), Ok(names)] = texts else { return napi::Error::from_reason("a JS string") };
        let properties = [(c"check", check), (c"argument", argument), (c"value", value), (c"names", names)];
        self.error(
            "ERR_INVALID_ARG_VALUE",
            &format!("{name} is not valid"),
            &properties.map(|(key, value)| (key, Some(value))),
        )
    }

    /// The one way a core failure reaches JS: an `Error` with the core's
    /// `code` and `message` and, when the server said no, its `oauthError`,
    /// `errorDescription` and `errorUri` (null when it sent none).
    pub fn core_error(self, err: &loginkit::Error) -> napi::Error {
        let (code, message) = (err.code().as_str(), err.message());
        let Some(oauth) = err.oauth_error() else { return self.error(code, message, &[]) };
        let said = [
            (c"oauthError", Some(&oauth.error)),
            (c"errorDescription", oauth.error_description.as_ref()),
            (c"errorUri", oauth.error_uri.as_ref()),
        ];
        let values = said.map(|(name, text)| Ok((name, text.map(|text| self.string_value(text)).transpose()?)));
        match values.into_iter().collect::<Result<Vec<_>>>() {
            Ok(properties) => self.error(code, message, &properties),
            Err(err) => err,
        }
    }

    /// Runs a core call (a panic is `internal_error`); a failure becomes `core_error`.
    pub fn run<T>(self, call: impl FnOnce() -> std::result::Result<T, loginkit::Error>) -> Result<T> {
        loginkit::catch_panic(call).map_err(|err| self.core_error(&err))
    }

    /// The UTF-16 units of a string, on `stack` when they fit; None when
    /// `value` is not a string.
    fn units<'a>(self, value: Value, stack: &'a mut [MaybeUninit<u16>], heap: &'a mut Vec<u16>) -> Option<&'a [u16]> {
        let mut length = 0;
        let buffer = stack.as_mut_ptr().cast();
        let status = unsafe { sys::napi_get_value_string_utf16(self.0, value, buffer, stack.len(), &mut length) };
        if status != sys::Status::napi_ok {
            return None;
        }
        if length + 1 < stack.len() {
            // SAFETY: napi wrote `length` units (and a terminating zero) from the start.
            return Some(unsafe { std::slice::from_raw_parts(stack.as_ptr().cast(), length) });
        }
        // It may have been cut off: read it again at its length.
        unsafe { sys::napi_get_value_string_utf16(self.0, value, ptr::null_mut(), 0, &mut length) };
        heap.resize(length + 1, 0);
        unsafe { sys::napi_get_value_string_utf16(self.0, value, heap.as_mut_ptr(), heap.len(), &mut length) };
        Some(&heap[..length])
    }

    /// The text of a string; None when `value` is not one, or holds a lone surrogate.
    fn string(self, value: Value) -> Option<String> {
        let (mut stack, mut heap) = ([MaybeUninit::uninit(); STACK_UNITS], Vec::new());
        let units = self.units(value, &mut stack, &mut heap)?;
        match units.iter().all(|&unit| unit < 0x80) {
            // SAFETY: ASCII bytes are UTF-8.
            true => Some(unsafe { String::from_utf8_unchecked(units.iter().map(|&unit| unit as u8).collect()) }),
            false => String::from_utf16(units).ok(),
        }
    }

    /// A string argument (index.js's `text`).
    pub fn text(self, value: Value, name: &str) -> Result<String> {
        self.string(value).ok_or_else(|| self.bad("text", name, value, &[]))
    }

    fn array_length(self, value: Value) -> Option<u32> {
        self.get(|length| unsafe { sys::napi_get_array_length(self.0, value, length) }).ok()
    }

    fn element(self, array: Value, index: u32) -> Result<Value> {
        self.get(|element| unsafe { sys::napi_get_element(self.0, array, index, element) })
    }

    /// A safe integer, at least `min`.
    fn integer(self, value: Value, min: f64) -> Option<i64> {
        let number = self.get(|number| unsafe { sys::napi_get_value_double(self.0, value, number) }).ok()?;
        (number.fract() == 0.0 && (min..=MAX_SAFE_INTEGER).contains(&number)).then_some(number as i64)
    }

    /// Reads the options `T` from `object` (null or undefined: none), an
    /// object index.js has checked is plain; `keys` is its `Object.keys`, or
    /// None to list them here. `what` names it in the unknown-key error.
    /// Unknown keys are refused first; then the values are checked in the
    /// order the options are declared, as index.js checked them.
    pub fn options<T: Options + Default>(self, object: Value, keys: Option<Value>, what: &str) -> Result<T> {
        let mut given = [None; 16]; // more than any call takes (15)
        debug_assert!(T::count() <= given.len());
        let keys = match keys {
            Some(keys) => keys,
            None if self.nullish(object) => object,
            None => self.get(|keys| unsafe {
                let filter = sys::KeyFilter::enumerable | sys::KeyFilter::skip_symbols;
                let (own, strings) = (sys::KeyCollectionMode::own_only, sys::KeyConversion::numbers_to_strings);
                sys::napi_get_all_property_names(self.0, object, own, filter, strings, keys)
            })?,
        };
        for index in 0..self.array_length(keys).unwrap_or(0) {
            let key = self.element(keys, index)?;
            let (mut stack, mut heap) = ([MaybeUninit::uninit(); 32], Vec::new());
            let name = self.units(key, &mut stack, &mut heap).unwrap_or_default();
            let is = |option: &str| {
                name.len() == option.len() && name.iter().zip(option.bytes()).all(|(&a, b)| a == u16::from(b))
            };
            let Some(at) = (0..T::count().min(given.len())).position(|at| is(T::name(at))) else {
                let names: Vec<_> = (0..T::count()).map(T::name).collect();
                return Err(self.bad("option", what, key, &names));
            };
            given[at] = Some(self.get(|value| unsafe { sys::napi_get_property(self.0, object, key, value) })?);
        }
        let mut options = T::default();
        for (at, value) in given.into_iter().enumerate().take(T::count()) {
            options.set(self, at, value)?;
        }
        Ok(options)
    }

    /// A plain object of `(name, value)` members, in order.
    pub fn object(self, members: &[(&str, Value)]) -> Result<Value> {
        let object = self.get(|object| unsafe { sys::napi_create_object(self.0, object) })?;
        for &(name, value) in members {
            self.check(unsafe { sys::napi_set_property(self.0, object, self.string_value(name)?, value) })?;
        }
        Ok(object)
    }

    /// Adds a function of `calls!` to `exports`.
    pub fn export(self, exports: Value, name: &str, callback: Callback) -> Result<()> {
        let (pointer, length) = (name.as_ptr().cast(), name.len() as isize);
        let function = self.get(|function| unsafe {
            sys::napi_create_function(self.0, pointer, length, Some(callback), ptr::null_mut(), function)
        })?;
        self.check(unsafe { sys::napi_set_property(self.0, exports, self.string_value(name)?, function) })
    }

    /// The instance of the napi-rs class `T` in `value`, its type tag checked
    /// as napi-rs's glue checks it.
    ///
    /// # Safety
    ///
    /// No `&mut T` exists while the reference lives (the class has no
    /// `&mut self` method), and it does not outlive the call.
    pub unsafe fn unwrap<'a, T: TypeTag>(self, value: Value, class: &str) -> Result<&'a T> {
        unsafe { validate_type_tag(self.0, value, &T::type_tag(), class)? };
        let pointer = self.get(|pointer| unsafe { sys::napi_unwrap(self.0, value, pointer) })?;
        Ok(unsafe { &*pointer.cast::<T>() })
    }
}

pub type Callback = unsafe extern "C" fn(sys::napi_env, sys::napi_callback_info) -> Value;

/// Declares the native functions, registered by hand: each one's JS name,
/// its arguments (read by `Arg` as their types say, under their own names:
/// `redirectUri`, as index.js names them; `options + names` is an options
/// object followed by its `Object.keys`) and its body, which returns what
/// the function returns (any `ToNapiValue`). `js` is bound to the call's
/// `Js`. napi-rs's `#[napi]` glue would allocate a borrow scope and lock a
/// global table of borrows on every call.
macro_rules! calls {
    ($($(#[$meta:meta])* fn $name:ident($js:ident $(, $arg:ident $(+ $keys:ident)?: $ty:ty)* $(,)?) $body:block)*) => {
        $(
            $(#[$meta])*
            #[allow(non_snake_case, unused_variables)]
            unsafe extern "C" fn $name(
                env: napi::sys::napi_env,
                info: napi::sys::napi_callback_info,
            ) -> $crate::js::Value {
                const N: usize = <[&str]>::len(&[$(stringify!($arg) $(, stringify!($keys))?),*]);
                $crate::js::call(env, info, |$js, [$($arg $(, $keys)?),*]: [$crate::js::Value; N]| {
                    $(let $arg: $ty =
                        $crate::js::Arg::arg($js, $arg, [$($keys)?].first().copied(), stringify!($arg))?;)*
                    $body
                })
            }
        )*

        /// Adds the functions of `calls!` to the module's exports.
        #[napi_derive::napi(module_exports)]
        pub fn exports(exports: napi::bindgen_prelude::Object<'_>, env: napi::Env) -> napi::Result<()> {
            $($crate::js::Js(env.raw()).export(napi::JsValue::raw(&exports), stringify!($name), $name)?;)*
            Ok(())
        }
    };
}
pub(crate) use calls;

/// An argument of a function of `calls!`, read as its type says; `name` is
/// the argument's name in errors, `keys` an options object's `Object.keys`.
pub trait Arg<'a>: Sized {
    fn arg(js: Js, value: Value, keys: Option<Value>, name: &str) -> Result<Self>;
}

/// The arguments of one type each, read by `$read(js, value, name)`.
macro_rules! args {
    ($($(#[$meta:meta])* $type:ty => $read:expr;)*) => {$(
        $(#[$meta])*
        impl $crate::js::Arg<'_> for $type {
            fn arg(js: $crate::js::Js, value: $crate::js::Value, _: Option<$crate::js::Value>, name: &str)
                -> napi::Result<Self> {
                $read(js, value, name)
            }
        }
    )*};
}
pub(crate) use args;

args! {
    /// As it came.
    Value => |_, value, _| Ok(value);
    /// Checked as index.js's `text`.
    String => Js::text;
    /// A number index.js has checked (a status).
    u32 => |js: Js, value, _| js.get(|number| unsafe { sys::napi_get_value_uint32(js.0, value, number) });
    Option<bool> => bool::read;
    /// A list index.js has checked.
    Vec<String> => |js, value, name| Ok(Vec::read(js, value, name)?.unwrap_or_default());
    /// A time, by default the current one.
    Now => |js, value, name| Ok(Now::read(js, value, name)?.unwrap_or_default());
}

/// An options object (null or undefined: none) index.js has checked is plain.
impl<T: Options + Default> Arg<'_> for T {
    fn arg(js: Js, value: Value, keys: Option<Value>, _name: &str) -> Result<Self> {
        js.options(value, keys, "options")
    }
}

/// Instances of the napi-rs classes `$class` as `&$class` arguments (none
/// of them has a `&mut self` method, so a shared reference for the call is
/// sound).
macro_rules! classes {
    ($($class:ident),*) => {$(
        impl<'a> $crate::js::Arg<'a> for &'a $class {
            fn arg(js: $crate::js::Js, value: $crate::js::Value, _: Option<$crate::js::Value>, _: &str)
                -> napi::Result<Self> {
                // SAFETY: no `&mut $class` exists (no `&mut self` method); the reference lives for the call.
                unsafe { js.unwrap(value, stringify!($class)) }
            }
        }
    )*};
}
pub(crate) use classes;

/// The body of a function of `calls!`: its first `N` arguments
/// (undefined when not given) in, its result converted or its error thrown.
pub fn call<const N: usize, T: ToNapiValue>(
    env: sys::napi_env,
    info: sys::napi_callback_info,
    body: impl FnOnce(Js, [Value; N]) -> Result<T>,
) -> Value {
    let (js, mut arguments, mut count) = (Js(env), [ptr::null_mut(); N], N);
    let (this, data) = (ptr::null_mut(), ptr::null_mut());
    let status = unsafe { sys::napi_get_cb_info(env, info, &mut count, arguments.as_mut_ptr(), this, data) };
    let result = js.check(status).and_then(|()| body(js, arguments));
    result.and_then(|value| unsafe { T::to_napi_value(env, value) }).unwrap_or_else(|err| {
        unsafe { napi::JsError::from(err).throw_into(env) };
        ptr::null_mut()
    })
}

/// A JS value returned as it is.
pub struct Raw(pub Value);

impl ToNapiValue for Raw {
    unsafe fn to_napi_value(_env: sys::napi_env, raw: Self) -> Result<Value> {
        Ok(raw.0)
    }
}

/// Options read from a JS object by their names; declared with `options!`.
pub trait Options {
    /// How many options there are.
    fn count() -> usize;
    /// The name of the option at `at`, in the declared order.
    fn name(at: usize) -> &'static str;
    /// Reads the option at `at` from its value (None: not given).
    fn set(&mut self, js: Js, at: usize, value: Option<Value>) -> Result<()>;
    /// These options as a plain JS object with the same names.
    fn to_js(&self, js: Js) -> Result<Value>;
}

/// Two sets of options in one object: a call's own beside the authorization
/// options, or the ones index.js reads (`Skip`).
impl<A: Options, B: Options> Options for (A, B) {
    fn count() -> usize {
        A::count() + B::count()
    }

    fn name(at: usize) -> &'static str {
        at.checked_sub(A::count()).map_or_else(|| A::name(at), B::name)
    }

    fn set(&mut self, js: Js, at: usize, value: Option<Value>) -> Result<()> {
        match at.checked_sub(A::count()) {
            None => self.0.set(js, at, value),
            Some(at) => self.1.set(js, at, value),
        }
    }

    fn to_js(&self, _js: Js) -> Result<Value> {
        Err(napi::Error::from_reason("two sets of options are not written back"))
    }
}

/// Declares the members of a JS object, each one's JS name and the field it
/// goes to, once: options read (the field's type says how: `Field`), or a
/// result written (`to_js`). `struct` declares the type; `impl` is a core
/// type, destructured whole: a field the core adds does not compile here.
macro_rules! options {
    ($($(#[$meta:meta])* struct $type:ident { $($name:literal $field:ident: $ty:ty),* $(,)? })*) => {$(
        $(#[$meta])*
        #[derive(Default)]
        pub struct $type { $(pub $field: $ty),* }
        options!(impl $type { $($name $field),* });
    )*};
    (impl $type:ident { $($name:literal $field:ident),* $(,)? }) => {
        impl $crate::js::Options for $type {
            fn count() -> usize {
                [$($name),*].len()
            }

            fn name(at: usize) -> &'static str {
                [$($name),*][at]
            }

            #[allow(unused_assignments)]
            fn set(&mut self, js: $crate::js::Js, at: usize, value: Option<$crate::js::Value>) -> napi::Result<()> {
                let ($type { $($field),* }, mut index) = (self, 0);
                $(if index == at {
                    return $crate::js::Field::set($field, js, value, $name);
                }
                index += 1;)*
                Ok(())
            }

            fn to_js(&self, js: $crate::js::Js) -> napi::Result<$crate::js::Value> {
                js.object(&[$(($name, $crate::js::Field::to_js(&self.$field, js)?)),*])
            }
        }
    };
}
pub(crate) use options;

/// A value read from JS; None for null and undefined ("not given").
pub trait Read: Sized {
    fn read(js: Js, value: Value, name: &str) -> Result<Option<Self>>;

    fn to_js(&self, _js: Js) -> Result<Value> {
        Err(napi::Error::from_reason("this option is not written back"))
    }
}

/// How an option's field takes its value (None: the option is not given):
/// `T` keeps its default when it is not given, `Option<T>` is None.
pub trait Field {
    fn set(&mut self, js: Js, value: Option<Value>, name: &str) -> Result<()>;

    fn to_js(&self, _js: Js) -> Result<Value> {
        Err(napi::Error::from_reason("this option is not written back"))
    }
}

impl<T: Read> Field for T {
    fn set(&mut self, js: Js, value: Option<Value>, name: &str) -> Result<()> {
        if let Some(read) = value.map(|value| T::read(js, value, name)).transpose()?.flatten() {
            *self = read;
        }
        Ok(())
    }

    fn to_js(&self, js: Js) -> Result<Value> {
        Read::to_js(self, js)
    }
}

impl<T: Read> Field for Option<T> {
    fn set(&mut self, js: Js, value: Option<Value>, name: &str) -> Result<()> {
        *self = value.map(|value| T::read(js, value, name)).transpose()?.flatten();
        Ok(())
    }

    fn to_js(&self, js: Js) -> Result<Value> {
        match self {
            Some(value) => value.to_js(js),
            None => js.get(|null| unsafe { sys::napi_get_null(js.0, null) }),
        }
    }
}

/// `read`, or None when `value` is null or undefined, or else `check` failed.
fn given<T>(js: Js, value: Value, read: Option<T>, check: &str, name: &str) -> Result<Option<T>> {
    match read {
        Some(read) => Ok(Some(read)),
        None if js.nullish(value) => Ok(None),
        None => Err(js.bad(check, name, value, &[])),
    }
}

impl Read for String {
    fn read(js: Js, value: Value, name: &str) -> Result<Option<Self>> {
        given(js, value, js.string(value), "text", name)
    }

    fn to_js(&self, js: Js) -> Result<Value> {
        js.string_value(self)
    }
}

/// A list of strings (`scopes`).
impl Read for Vec<String> {
    fn read(js: Js, value: Value, name: &str) -> Result<Option<Self>> {
        let Some(length) = given(js, value, js.array_length(value), "texts", name)? else { return Ok(None) };
        let item = |index| js.element(value, index).map(|item| js.string(item));
        let items: Option<Vec<_>> = (0..length).map(item).collect::<Result<_>>()?;
        items.map(Some).ok_or_else(|| js.bad("texts", name, value, &[]))
    }
}

/// `[name, value]` pairs of strings (`extraParams`).
impl Read for Vec<(String, String)> {
    fn read(js: Js, value: Value, name: &str) -> Result<Option<Self>> {
        let Some(length) = given(js, value, js.array_length(value), "pairs", name)? else { return Ok(None) };
        let pair = |index| -> Result<Option<(String, String)>> {
            let pair = js.element(value, index)?;
            if js.array_length(pair) != Some(2) {
                return Ok(None);
            }
            let (key, text) = (js.string(js.element(pair, 0)?), js.string(js.element(pair, 1)?));
            Ok(key.zip(text))
        };
        let pairs: Option<Vec<_>> = (0..length).map(pair).collect::<Result<Vec<_>>>()?.into_iter().collect();
        pairs.map(Some).ok_or_else(|| js.bad("pairs", name, value, &[]))
    }
}

impl Read for bool {
    fn read(js: Js, value: Value, name: &str) -> Result<Option<Self>> {
        let flag = js.get(|flag| unsafe { sys::napi_get_value_bool(js.0, value, flag) }).ok();
        given(js, value, flag, "flag", name)
    }

    fn to_js(&self, js: Js) -> Result<Value> {
        js.get(|value| unsafe { sys::napi_get_boolean(js.0, *self, value) })
    }
}

/// Seconds: an integer from 0 to 2^53 - 1.
impl Read for u64 {
    fn read(js: Js, value: Value, name: &str) -> Result<Option<Self>> {
        given(js, value, js.integer(value, 0.0).map(i64::unsigned_abs), "seconds", name)
    }

    fn to_js(&self, js: Js) -> Result<Value> {
        js.get(|value| unsafe { sys::napi_create_int64(js.0, *self as i64, value) })
    }
}

/// A time, seconds since the Unix epoch (a safe integer); `Now::get` makes
/// a `now` that is not given the current time.
#[derive(Default, Clone, Copy)]
pub struct Now(Option<i64>);

impl Now {
    pub fn get(self) -> i64 {
        let since_epoch = || std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        self.0.unwrap_or_else(|| i64::try_from(since_epoch().as_secs()).unwrap_or(i64::MAX))
    }
}

impl Read for Now {
    fn read(js: Js, value: Value, name: &str) -> Result<Option<Self>> {
        given(js, value, js.integer(value, -MAX_SAFE_INTEGER).map(|time| Now(Some(time))), "time", name)
    }
}

/// A string option that must be given.
#[derive(Default)]
pub struct Required(Option<String>);

impl Required {
    pub fn text(&self) -> &str {
        self.0.as_deref().unwrap_or_default()
    }
}

impl Field for Required {
    fn set(&mut self, js: Js, value: Option<Value>, name: &str) -> Result<()> {
        let undefined = || js.get(|undefined| unsafe { sys::napi_get_undefined(js.0, undefined) });
        self.0 = Some(js.text(value.map_or_else(undefined, Ok)?, name)?);
        Ok(())
    }
}

/// An option index.js reads (`fetch`, `cookieOptions`, ...): allowed, not read here.
#[derive(Default)]
pub struct Skip;

impl Read for Skip {
    fn read(_js: Js, _value: Value, _name: &str) -> Result<Option<Self>> {
        Ok(None)
    }
}
