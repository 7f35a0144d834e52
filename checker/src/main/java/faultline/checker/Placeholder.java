package faultline.checker; public final class Placeholder {}
